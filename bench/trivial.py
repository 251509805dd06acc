"""The ceiling for bench/serve.py: a trivial Django view returning 1 KB.

Settings, URLconf and WSGI application in one module, with only the Security and Common
middleware, served by the repository's gunicorn.conf.py beside the portal:

    DJANGO_SETTINGS_MODULE=bench.trivial gunicorn bench.trivial:application -c gunicorn.conf.py
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1").split(",")
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]
DATABASES: dict = {}
USE_TZ = True

BODY = b"<!doctype html><title>trivial</title><p>" + b"x" * (1024 - 45) + b"</p>\n"


def trivial(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", trivial)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", __name__)
application = get_wsgi_application()
