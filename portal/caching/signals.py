"""Every saved, deleted or re-linked row may change what patients see: it starts a new content
generation (portal/caching/generation.py). Connected from PortalConfig.ready()."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.caching.generation import content_changed


def connect() -> None:
    post_save.connect(content_changed, dispatch_uid="page-cache-save")
    post_delete.connect(content_changed, dispatch_uid="page-cache-delete")
    m2m_changed.connect(content_changed, dispatch_uid="page-cache-m2m")
