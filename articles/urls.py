from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("articles/", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
]
