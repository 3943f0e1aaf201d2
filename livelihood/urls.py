from django.urls import path

from common.caching import public_page

from . import views

app_name = "livelihood"

urlpatterns = [
    # Public.
    path(
        "projects/",
        public_page(params=("year",), tags=("projects",))(views.ProjectPublicListView.as_view()),
        name="project_public_list",
    ),
    path(
        "projects/<id:pk>/", public_page(tags=("projects",))(views.ProjectPublicView.as_view()), name="project_public"
    ),
    path("votes/<id:pk>/results/", views.VoteResultsPublicView.as_view(), name="vote_results_public"),
    path("votes/receipt/", views.ReceiptCheckView.as_view(), name="receipt"),
    # Deputies.
    path("livelihood/", views.LivelihoodHomeView.as_view(), name="home"),
    path("livelihood/votes/<id:pk>/", views.BallotView.as_view(), name="vote"),
    path("livelihood/projects/<id:pk>/claim/", views.ClaimTakeView.as_view(), name="claim"),
    path("livelihood/projects/<id:pk>/report/", views.ReportCreateView.as_view(), name="report_create"),
    path("livelihood/satisfaction/<year:year>/", views.SatisfactionView.as_view(), name="satisfaction"),
    # Staff.
    path("livelihood/manage/", views.ProjectStaffListView.as_view(), name="project_staff_list"),
    path("livelihood/votes/<id:pk>/manage/", views.VoteManageView.as_view(), name="vote_manage"),
    path("livelihood/projects/<id:pk>/manage/", views.ProjectManageView.as_view(), name="project_manage"),
]
