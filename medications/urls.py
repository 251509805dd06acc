from django.urls import path
from django.utils.translation import pgettext_lazy

from medications import views

app_name = "medications"
urlpatterns = [
    path("", views.medication_list, name="list"),
    path(pgettext_lazy("address", "compare/"), views.medication_compare, name="compare"),
    path("<slug:slug>/", views.medication_detail, name="detail"),
]
