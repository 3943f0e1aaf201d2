from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("items/", views.ItemListView.as_view(), name="item_list"),
    path("items/create/", views.ItemFormView.as_view(), name="item_create"),
    path("deputies/search/", views.DeputySearchView.as_view(), name="deputy_search"),
    path("items/<id:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("items/<id:pk>/update/", views.ItemUpdateView.as_view(), name="item_update"),
    path("items/<id:pk>/submit/", views.ItemSubmitView.as_view(), name="item_submit"),
    path("items/<id:pk>/accept/", views.ItemAcceptView.as_view(), name="item_accept"),
    path("items/<id:pk>/send-back/", views.ItemSendBackView.as_view(), name="item_send_back"),
    path("items/<id:pk>/decline/", views.ItemDeclineView.as_view(), name="item_decline"),
    path("items/<id:pk>/assign/", views.ItemAssignView.as_view(), name="item_assign"),
    path("handovers/", views.HandoverListView.as_view(), name="handover_list"),
    path("handovers/new/", views.HandoverCreateView.as_view(), name="handover_create"),
    path("handovers/<id:pk>/", views.HandoverDetailView.as_view(), name="handover_detail"),
    path("items/<id:pk>/receive/", views.ItemReceiveView.as_view(), name="item_receive"),
    path("items/<id:pk>/reply/", views.ItemReplyView.as_view(), name="item_reply"),
    path("items/<id:pk>/part/", views.ItemPartView.as_view(), name="item_part"),
    path("items/<id:pk>/rate/", views.ItemRateView.as_view(), name="item_rate"),
    path("items/<id:pk>/evaluate/", views.ItemEvaluateView.as_view(), name="item_evaluate"),
    path("items/<id:pk>/deadline/", views.ItemDeadlineView.as_view(), name="item_deadline"),
    path("items/<id:pk>/publish/", views.ItemPublishView.as_view(), name="item_publish"),
    path("cosign/<id:pk>/<slug:decision>/", views.CoSignAnswerView.as_view(), name="cosign_answer"),
    path("items/export/<slug:sheet>.xlsx", views.ItemExportView.as_view(), name="item_export"),
    path("attachments/<id:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("departments/summary/", views.DepartmentSummaryView.as_view(), name="department_summary"),
    path("departments/summary.xlsx", views.DepartmentSummaryExportView.as_view(), name="department_summary_export"),
    path("public/", views.PublicItemListView.as_view(), name="public_list"),
    path("public/<id:pk>/", views.PublicItemDetailView.as_view(), name="public_detail"),
]
