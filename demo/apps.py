from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The POEMS syndrome demo content and its `load_demo` command."""

    name = "demo"
    verbose_name = _("Demo content")
