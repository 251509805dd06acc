"""Every saved, deleted or re-linked row may change what patients see: the pages that hold its
keys are forgotten (portal/caching/purge.py), and rows whose pages cannot be known start a
new content generation. Connected from PortalConfig.ready()."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.caching import dependencies, purge
from portal.publishing.rereview import queue_changed


def connect() -> None:
    dependencies.connect()
    post_save.connect(purge.row_saved, dispatch_uid="page-cache-save")
    post_delete.connect(purge.row_deleted, dispatch_uid="page-cache-delete")
    m2m_changed.connect(purge.rows_linked, dispatch_uid="page-cache-m2m")
    queue_changed.connect(purge.pages_queued, dispatch_uid="page-cache-source-changes")
