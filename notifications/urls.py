from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("read/", views.NotificationReadView.as_view(), name="read_all"),
    path("<id:pk>/read/", views.NotificationReadView.as_view(), name="read"),
    path("settings/", views.ChannelSettingsView.as_view(), name="settings"),
    path("sent/", views.DeliveryListView.as_view(), name="deliveries"),
    path("sent/<id:pk>/retry/", views.DeliveryRetryView.as_view(), name="delivery_retry"),
    path("exports/<id:pk>/", views.ExportView.as_view(), name="export"),
    path("exports/<id:pk>/download/", views.ExportDownloadView.as_view(), name="export_download"),
    path("exports/new/<slug:kind>/", views.ExportStartView.as_view(), name="export_start"),
]
