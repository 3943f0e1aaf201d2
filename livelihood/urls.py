from django.urls import path

from common.caching import public_page

from .views import deputies, public, staff

app_name = "livelihood"

urlpatterns = [
    # Public.
    path(
        "projects/",
        public_page(params=("year",), tags=("projects",))(public.ProjectPublicListView.as_view()),
        name="project_public_list",
    ),
    path(
        "projects/<id:pk>/",
        public_page(tags=("projects",))(public.ProjectPublicView.as_view()),
        name="project_public",
    ),
    path("votes/<id:pk>/results/", public.VoteResultsPublicView.as_view(), name="vote_results_public"),
    path("votes/receipt/", public.ReceiptCheckView.as_view(), name="receipt"),
    # Deputies.
    path("livelihood/", deputies.LivelihoodHomeView.as_view(), name="home"),
    path("livelihood/votes/<id:pk>/", deputies.BallotView.as_view(), name="vote"),
    path("livelihood/projects/<id:pk>/claim/", deputies.ClaimTakeView.as_view(), name="claim"),
    path("livelihood/projects/<id:pk>/report/", deputies.ReportCreateView.as_view(), name="report_create"),
    path("livelihood/satisfaction/<year:year>/", deputies.SatisfactionView.as_view(), name="satisfaction"),
    # Staff.
    path("livelihood/manage/", staff.ProjectStaffListView.as_view(), name="project_staff_list"),
    path("livelihood/votes/<id:pk>/manage/", staff.VoteManageView.as_view(), name="vote_manage"),
    path("livelihood/votes/<id:pk>/open/", staff.VoteOpenView.as_view(), name="vote_open"),
    path("livelihood/votes/<id:pk>/close/", staff.VoteCloseView.as_view(), name="vote_close"),
    path("livelihood/votes/<id:pk>/publish/", staff.VotePublishView.as_view(), name="vote_publish"),
    path("livelihood/votes/<id:pk>/paper/", staff.PaperTallyView.as_view(), name="paper_tally"),
    path("livelihood/votes/<id:pk>/electors/", staff.ElectorSearchView.as_view(), name="elector_search"),
    path("livelihood/people/search/", staff.PeopleSearchForStaffView.as_view(), name="people_search"),
    path("livelihood/votes/<id:pk>/tie/", staff.TieResolveView.as_view(), name="tie_resolve"),
    path("livelihood/projects/<id:pk>/manage/", staff.ProjectManageView.as_view(), name="project_manage"),
    path("livelihood/projects/<id:pk>/claims/", staff.ClaimAssignView.as_view(), name="claim_assign"),
    path("livelihood/projects/<id:pk>/cards/", staff.CardGiveView.as_view(), name="card_give"),
    path("livelihood/projects/<id:pk>/inspections/", staff.InspectionRecordView.as_view(), name="inspection_record"),
]
