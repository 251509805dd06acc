from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Signals are connected once the models are loaded; each package keeps its own.
        from portal.caching import signals as caching_signals

        # The dependency record renders pages: publishing, below pages, says when (went_live).
        from portal.pages import record
        from portal.publishing.signoff import went_live
        from portal.search import signals as search_signals

        search_signals.connect()
        caching_signals.connect()
        went_live.connect(record.went_live, dispatch_uid="dependency-record")
