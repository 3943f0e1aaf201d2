from django.urls import path

from congress_portal.caching import public_cache

from . import views

app_name = "liaison"

urlpatterns = [
    # Public, no login.
    path("stations/", public_cache(views.StationPublicListView.as_view()), name="station_public_list"),
    path("stations/<int:pk>/", public_cache(views.StationPublicView.as_view()), name="station_public"),
    path("stations/<int:pk>/qr.svg", views.StationQRView.as_view(), name="station_qr"),
    path("opinions/new/", views.OpinionCreateView.as_view(), name="opinion_create"),
    path("opinions/thanks/", views.OpinionThanksView.as_view(), name="opinion_thanks"),
    path("opinions/track/", views.OpinionTrackView.as_view(), name="opinion_track"),
    path("liaison/shifts/feed/<str:token>.ics", views.ShiftFeedView.as_view(), name="shift_feed"),
    # Deputies.
    path("liaison/shifts/", views.MyShiftsView.as_view(), name="my_shifts"),
    path("liaison/shifts/<int:pk>/swap/", views.SwapRequestView.as_view(), name="swap_request"),
    path("liaison/swaps/<int:pk>/<slug:decision>/", views.SwapDecisionView.as_view(), name="swap_decision"),
    path("liaison/receptions/", views.ReceptionListView.as_view(), name="reception_list"),
    path("liaison/receptions/create/", views.ReceptionFormView.as_view(), name="reception_create"),
    path("liaison/receptions/<int:pk>/", views.ReceptionDetailView.as_view(), name="reception_detail"),
    path("liaison/receptions/<int:pk>/update/", views.ReceptionFormView.as_view(), name="reception_update"),
    # Stations' working pages (staff and the station's own people).
    path("liaison/stations/<int:pk>/", views.StationWorkView.as_view(), name="station_work"),
    path("liaison/stations/<int:pk>/rota/", views.RotaView.as_view(), name="rota"),
    path("liaison/stations/<int:pk>/registers/<slug:slug>/", views.RegisterView.as_view(), name="register"),
    path("liaison/stations/<int:pk>/archive/", views.ArchiveView.as_view(), name="archive"),
    path("liaison/archive-files/<int:pk>/", views.ArchiveFileView.as_view(), name="archive_file"),
    path("liaison/stations/<int:pk>/activities/create/", views.ActivityCreateView.as_view(), name="activity_create"),
    path(
        "liaison/stations/<int:pk>/consultations/<int:year>/<int:month>/",
        views.ConsultationView.as_view(),
        name="consultation",
    ),
    path("liaison/opinions/", views.OpinionInboxView.as_view(), name="opinion_list"),
    path("liaison/opinions/<int:pk>/", views.OpinionDetailView.as_view(), name="opinion_detail"),
]
