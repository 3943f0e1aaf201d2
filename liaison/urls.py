from django.urls import path

from common.caching import public_page
from common.middleware import limit_body

from . import views

app_name = "liaison"

urlpatterns = [
    # Public, no login.
    path(
        "stations/", public_page(tags=("stations",))(views.StationPublicListView.as_view()), name="station_public_list"
    ),
    path(
        "stations/<id:pk>/", public_page(tags=("stations",))(views.StationPublicView.as_view()), name="station_public"
    ),
    path("stations/<id:pk>/qr.svg", views.StationQRView.as_view(), name="station_qr"),
    # The public forms take no files: a few kilobytes of text at most.
    path("opinions/new/", limit_body(64 * 1024)(views.OpinionCreateView.as_view()), name="opinion_create"),
    path("opinions/thanks/", views.OpinionThanksView.as_view(), name="opinion_thanks"),
    path("opinions/track/", limit_body(16 * 1024)(views.OpinionTrackView.as_view()), name="opinion_track"),
    path("liaison/shifts/feed/<token:token>.ics", views.ShiftFeedView.as_view(), name="shift_feed"),
    # Deputies.
    path("liaison/shifts/", views.MyShiftsView.as_view(), name="my_shifts"),
    path("liaison/shifts/<id:pk>/swap/", views.SwapRequestView.as_view(), name="swap_request"),
    path("liaison/swaps/<id:pk>/<slug:decision>/", views.SwapDecisionView.as_view(), name="swap_decision"),
    path("liaison/receptions/", views.ReceptionListView.as_view(), name="reception_list"),
    path("liaison/receptions/create/", views.ReceptionFormView.as_view(), name="reception_create"),
    path("liaison/receptions/<id:pk>/", views.ReceptionDetailView.as_view(), name="reception_detail"),
    path("liaison/receptions/<id:pk>/update/", views.ReceptionFormView.as_view(), name="reception_update"),
    # Stations' working pages (staff and the station's own people).
    path("liaison/stations/<id:pk>/", views.StationWorkView.as_view(), name="station_work"),
    path("liaison/stations/<id:pk>/rota/", views.RotaView.as_view(), name="rota"),
    path("liaison/stations/<id:pk>/registers/<slug:slug>/", views.RegisterView.as_view(), name="register"),
    path("liaison/stations/<id:pk>/archive/", views.ArchiveView.as_view(), name="archive"),
    path("liaison/archive-files/<id:pk>/", views.ArchiveFileView.as_view(), name="archive_file"),
    path("liaison/stations/<id:pk>/activities/create/", views.ActivityCreateView.as_view(), name="activity_create"),
    path(
        "liaison/stations/<id:pk>/consultations/<year:year>/<int:month>/",
        views.ConsultationView.as_view(),
        name="consultation",
    ),
    path("liaison/opinions/", views.OpinionInboxView.as_view(), name="opinion_list"),
    path("liaison/opinions/<id:pk>/", views.OpinionDetailView.as_view(), name="opinion_detail"),
]
