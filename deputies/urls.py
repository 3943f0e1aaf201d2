from django.urls import path

from . import views

app_name = "deputies"

urlpatterns = [
    path("deputies/<id:pk>/archive/", views.ArchiveView.as_view(), name="archive"),
    path("deputies/<id:pk>/report/<year:year>/", views.AnnualReportView.as_view(), name="annual_report"),
    path("deputies/groups/<id:pk>/reports/<year:year>/", views.GroupReportsView.as_view(), name="group_reports"),
    path("deputies/duty-reports/create/", views.DutyReportCreateView.as_view(), name="duty_report_create"),
    path("deputies/duty-reports/<id:pk>/", views.DutyReportDetailView.as_view(), name="duty_report_detail"),
    path("deputies/duty-reports/<id:pk>/qr.svg", views.DutyReportQRView.as_view(), name="duty_report_qr"),
    path("deputies/duty-reports/<id:pk>/paper/", views.DutyReportPaperView.as_view(), name="duty_report_paper"),
    path("rate/<token:token>/", views.VoterRateView.as_view(), name="voter_rate"),
]
