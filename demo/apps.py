from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The POEMS syndrome demo content and its `load_demo` command."""

    name = "demo"
    verbose_name = "Demo content"
