import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from portal import cache, search

        search.connect_signals()
        cache.connect_signals()
        if not settings.DEBUG and not settings.HTTPS:
            logger.warning(
                "HTTPS=0: cookies are sent over plain HTTP, and there is no HSTS and no redirect to HTTPS. "
                "Only do this when the site is really not served over TLS."
            )
