from django.urls import path

from . import views

app_name = "deputies"

urlpatterns = [
    path("deputies/<int:pk>/archive/", views.ArchiveView.as_view(), name="archive"),
    path("deputies/<int:pk>/report/<int:year>/", views.AnnualReportView.as_view(), name="annual_report"),
    path("deputies/groups/<int:pk>/reports/<int:year>/", views.GroupReportsView.as_view(), name="group_reports"),
    path("deputies/duty-reports/create/", views.DutyReportCreateView.as_view(), name="duty_report_create"),
]
