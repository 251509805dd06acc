from django.urls import path
from django.utils.translation import pgettext_lazy

from articles import views

app_name = "articles"
urlpatterns = [
    path(pgettext_lazy("address", "articles/"), views.article_list, name="list"),
    path(pgettext_lazy("address", "articles/<slug:slug>/"), views.article_detail, name="detail"),
    path(pgettext_lazy("address", "authors/<slug:slug>/"), views.author_detail, name="author"),
    path(pgettext_lazy("address", "tags/<slug:slug>/"), views.tag_detail, name="tag"),
]
