import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_application = get_wsgi_application()

from portal.caching.front import ServeCachedPagesFirst  # noqa: E402 - needs Django set up
from portal.ops.security import warn_if_served_without_https  # noqa: E402

# A current public page in the shared cache is answered before Django routes the request.
application = ServeCachedPagesFirst(django_application)

warn_if_served_without_https()
