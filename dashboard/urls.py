from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/export.xlsx", views.DashboardExportView.as_view(), name="dashboard_export"),
    path("dashboard/<slug:table>/<slug:key>/<slug:measure>/", views.DashboardRowsView.as_view(), name="dashboard_rows"),
]
