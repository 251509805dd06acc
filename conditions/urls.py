from django.urls import path
from django.utils.translation import pgettext_lazy

from conditions import views

app_name = "conditions"
urlpatterns = [
    path("", views.condition_list, name="list"),
    path("<slug:slug>/", views.condition_detail, name="detail"),
    path(pgettext_lazy("address", "<slug:slug>/guides/"), views.condition_guides, name="guides"),
]
