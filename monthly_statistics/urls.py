from django.urls import path

from . import views

app_name = "monthly_statistics"
urlpatterns = [
    path("", views.MonthListView.as_view(), name="list"),
    path("<month:month>/", views.MonthView.as_view(), name="month"),
    path("<month:month>/statistics.<str:fmt>", views.ExportView.as_view(), name="export"),
    path("<month:month>/<id:station>/", views.StationView.as_view(), name="station"),
    path("<month:month>/<id:station>/statistics.<str:fmt>", views.ExportView.as_view(), name="station_export"),
]
