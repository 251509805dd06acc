from django.urls import path

from medications import views

app_name = "medications"
urlpatterns = [
    path("", views.medication_list, name="list"),
    path("compare/", views.medication_compare, name="compare"),
    path("<slug:slug>/", views.medication_detail, name="detail"),
]
