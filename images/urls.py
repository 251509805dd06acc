from django.urls import path, register_converter

from images import views


class ExtensionConverter:
    regex = "jpg|png|webp|avif"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExtensionConverter, "image_extension")

app_name = "images"
urlpatterns = [
    path(
        "<slug:slug>/<slug:digest>/width-<int:width>.<image_extension:extension>",
        views.rendition_view,
        name="rendition",
    ),
]
