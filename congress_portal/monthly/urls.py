from django.urls import path, register_converter

from . import views


class MonthConverter:
    """``2026-10`` in the address, the first day of that month in the view."""

    regex = r"\d{4}-(0[1-9]|1[0-2])"

    def to_python(self, value):
        return views.parse_month(value)

    def to_url(self, value):
        return value if isinstance(value, str) else f"{value:%Y-%m}"


register_converter(MonthConverter, "month")

app_name = "monthly"
urlpatterns = [
    path("", views.MonthListView.as_view(), name="list"),
    path("<month:month>/", views.MonthView.as_view(), name="month"),
    path("<month:month>/statistics.<str:fmt>", views.ExportView.as_view(), name="export"),
    path("<month:month>/<int:station>/", views.StationView.as_view(), name="station"),
    path("<month:month>/<int:station>/statistics.<str:fmt>", views.ExportView.as_view(), name="station_export"),
]
