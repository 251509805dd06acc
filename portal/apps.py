from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from portal.caching import pages as cache
        from portal.search import engine as search

        search.connect_signals()
        cache.connect_signals()
