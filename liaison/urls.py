from django.urls import path

from common.caching import public_page
from common.middleware import limit_body

from .views import deputies, opinions, public, special_reports, stations

app_name = "liaison"

urlpatterns = [
    # Public, no login.
    path(
        "stations/",
        public_page(params=("sub_district", "page"), tags=("stations",))(public.StationPublicListView.as_view()),
        name="station_public_list",
    ),
    path(
        "stations/<id:pk>/",
        public_page(tags=("stations",))(public.StationPublicView.as_view()),
        name="station_public",
    ),
    path("stations/<id:pk>/qr.svg", public.StationQRView.as_view(), name="station_qr"),
    path("stations/<id:pk>/poster/", public.StationPosterView.as_view(), name="station_poster"),
    # The public forms take no files: a few kilobytes of text at most.
    # A photo of up to 20 MB and the form around it.
    path("opinions/new/", limit_body(21 * 1024 * 1024)(public.OpinionCreateView.as_view()), name="opinion_create"),
    path("opinions/thanks/", public.OpinionThanksView.as_view(), name="opinion_thanks"),
    path("opinions/track/", limit_body(16 * 1024)(public.OpinionTrackView.as_view()), name="opinion_track"),
    path(
        "opinions/track/feedback/",
        limit_body(16 * 1024)(public.OpinionFeedbackView.as_view()),
        name="opinion_feedback",
    ),
    path("liaison/shifts/feed/<token:token>.ics", deputies.ShiftFeedView.as_view(), name="shift_feed"),
    # Deputies.
    path("liaison/shifts/", deputies.MyShiftsView.as_view(), name="my_shifts"),
    path("liaison/shifts/<id:pk>/swap/", deputies.SwapRequestView.as_view(), name="swap_request"),
    path("liaison/swaps/<id:pk>/accept/", deputies.SwapAcceptView.as_view(), name="swap_accept"),
    path("liaison/swaps/<id:pk>/decline/", deputies.SwapDeclineView.as_view(), name="swap_decline"),
    path("liaison/swaps/<id:pk>/cancel/", deputies.SwapCancelView.as_view(), name="swap_cancel"),
    path("liaison/receptions/", deputies.ReceptionListView.as_view(), name="reception_list"),
    path("liaison/receptions/create/", deputies.ReceptionCreateView.as_view(), name="reception_create"),
    path("liaison/receptions/<id:pk>/", deputies.ReceptionDetailView.as_view(), name="reception_detail"),
    path("liaison/receptions/<id:pk>/update/", deputies.ReceptionUpdateView.as_view(), name="reception_update"),
    # Stations' working pages (staff and the station's own people).
    path("liaison/stations/<id:pk>/", stations.StationWorkView.as_view(), name="station_work"),
    path("liaison/stations/<id:pk>/rota/", stations.RotaView.as_view(), name="rota"),
    path("liaison/stations/<id:pk>/rota/<year:year>/", stations.RotaNoticeView.as_view(), name="rota_notice_year"),
    path(
        "liaison/stations/<id:pk>/rota/<year:year>/<month_no:month>/",
        stations.RotaNoticeView.as_view(),
        name="rota_notice",
    ),
    path("liaison/stations/<id:pk>/registers/<slug:slug>/", stations.RegisterView.as_view(), name="register"),
    path("liaison/stations/<id:pk>/archive/", stations.ArchiveView.as_view(), name="archive"),
    path("liaison/archive-files/<id:pk>/", stations.ArchiveFileView.as_view(), name="archive_file"),
    path("liaison/stations/<id:pk>/archive/new/", stations.ArchiveEntryFormView.as_view(), name="archive_entry_create"),
    path("liaison/archive/<id:entry>/edit/", stations.ArchiveEntryFormView.as_view(), name="archive_entry_update"),
    path("liaison/archive-files/<id:pk>/delete/", stations.ArchiveFileDeleteView.as_view(), name="archive_file_delete"),
    path("liaison/stations/<id:pk>/activities/create/", stations.ActivityCreateView.as_view(), name="activity_create"),
    path("liaison/stations/<id:pk>/members/search/", stations.MemberSearchView.as_view(), name="member_search"),
    path(
        "liaison/stations/<id:pk>/consultations/<year:year>/<month_no:month>/",
        stations.ConsultationView.as_view(),
        name="consultation",
    ),
    path(
        "liaison/stations/<id:pk>/consultations/<year:year>/<month_no:month>/pack.xlsx",
        stations.ConsultationExportView.as_view(),
        name="consultation_export",
    ),
    path(
        "liaison/stations/<id:pk>/consultations/<year:year>/<month_no:month>/record/",
        stations.ConsultationRecordView.as_view(),
        name="consultation_record",
    ),
    path(
        "liaison/stations/<id:pk>/consultations/<year:year>/<month_no:month>/opinions/",
        stations.ConsultationOpinionView.as_view(),
        name="consultation_opinion",
    ),
    # Opinions.
    path("liaison/opinions/", opinions.OpinionInboxView.as_view(), name="opinion_list"),
    path("liaison/opinions/<id:pk>/", opinions.OpinionDetailView.as_view(), name="opinion_detail"),
    path("liaison/opinions/<id:pk>/photo/", opinions.OpinionPhotoView.as_view(), name="opinion_photo"),
    path("liaison/opinions/<id:pk>/accept/", opinions.OpinionAcceptView.as_view(), name="opinion_accept"),
    path("liaison/opinions/<id:pk>/forward/", opinions.OpinionForwardView.as_view(), name="opinion_forward"),
    path("liaison/opinions/<id:pk>/resolve/", opinions.OpinionResolveView.as_view(), name="opinion_resolve"),
    path("liaison/opinions/<id:pk>/reopen/", opinions.OpinionReopenView.as_view(), name="opinion_reopen"),
    path("liaison/special-reports/", special_reports.SpecialReportListView.as_view(), name="special_report_list"),
    path(
        "liaison/special-reports/new/", special_reports.SpecialReportCreateView.as_view(), name="special_report_create"
    ),
    path("liaison/special-reports/<id:pk>/", special_reports.SpecialReportView.as_view(), name="special_report"),
    path(
        "liaison/special-reports/<id:pk>/pdf/",
        special_reports.SpecialReportPDFView.as_view(),
        name="special_report_pdf",
    ),
    path(
        "liaison/special-reports/<id:pk>/decide/",
        special_reports.SpecialReportDecideView.as_view(),
        name="special_report_decide",
    ),
    path(
        "liaison/special-reports/<id:pk>/hand-over/",
        special_reports.SpecialReportHandOverView.as_view(),
        name="special_report_hand_over",
    ),
]
