"""The site's URLs plus one that fails, to see the 500 page as patients would."""

from django.urls import path

from config.urls import urlpatterns as site_patterns


def fail(request):
    raise RuntimeError("A deliberate failure for the 500 page test.")


urlpatterns = [path("browser-test-failure/", fail), *site_patterns]
