import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from portal.security import warn_if_served_without_https  # noqa: E402 - needs Django set up

warn_if_served_without_https()
