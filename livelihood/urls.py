from django.urls import path

from congress_portal.caching import public_cache

from . import views

app_name = "livelihood"

urlpatterns = [
    # Public.
    path("projects/", public_cache(views.ProjectPublicListView.as_view()), name="project_public_list"),
    path("projects/<int:pk>/", public_cache(views.ProjectPublicView.as_view()), name="project_public"),
    path("votes/<int:pk>/results/", views.VoteResultsPublicView.as_view(), name="vote_results_public"),
    path("votes/receipt/", views.ReceiptCheckView.as_view(), name="receipt"),
    # Deputies.
    path("livelihood/", views.LivelihoodHomeView.as_view(), name="home"),
    path("livelihood/votes/<int:pk>/", views.BallotView.as_view(), name="vote"),
    path("livelihood/projects/<int:pk>/claim/", views.ClaimTakeView.as_view(), name="claim"),
    path("livelihood/projects/<int:pk>/report/", views.ReportCreateView.as_view(), name="report_create"),
    path("livelihood/satisfaction/<int:year>/", views.SatisfactionView.as_view(), name="satisfaction"),
    # Staff.
    path("livelihood/manage/", views.ProjectStaffListView.as_view(), name="project_staff_list"),
    path("livelihood/votes/<int:pk>/manage/", views.VoteManageView.as_view(), name="vote_manage"),
    path("livelihood/projects/<int:pk>/manage/", views.ProjectManageView.as_view(), name="project_manage"),
]
