from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin import HistoryAdmin, ReadOnlyAdmin

from .models import Candidate, CandidateSubItem, CardRating, Claim, Inspection, MonthlyReport, Project, SubItem, Vote


class CandidateInline(admin.TabularInline):
    model = Candidate
    fields = ("order", "title", "department", "budget")
    extra = 3
    show_change_link = True


@admin.register(Vote)
class VoteAdmin(HistoryAdmin):
    """Votes are prepared here; opening, counting and publishing happen on the vote's page."""

    list_display = ("title", "year", "state", "opens_at", "closes_at", "seats", "manage_link")
    list_filter = ("state", "year")
    inlines = [CandidateInline]
    fields = ("year", "title", "seats", "electorate", "mode", "opens_at", "closes_at", "quorum", "majority")

    def get_readonly_fields(self, request, obj=None):
        # Once open, the rules of a vote do not change.
        if obj and obj.state != Vote.State.DRAFT:
            return self.fields
        return ()

    def get_inlines(self, request, obj):
        return [] if obj and obj.state != Vote.State.DRAFT else self.inlines

    def has_delete_permission(self, request, obj=None):
        # A vote that has opened holds its electorate, turnout and ballots: it stays.
        return super().has_delete_permission(request, obj) and (obj is None or obj.state == Vote.State.DRAFT)

    @admin.display(description=_("vote page"))
    def manage_link(self, obj):
        from django.urls import reverse

        return format_html('<a href="{}">{}</a>', reverse("livelihood:vote_manage", args=[obj.pk]), _("open"))


class CandidateSubItemInline(admin.TabularInline):
    model = CandidateSubItem
    extra = 1


@admin.register(Candidate)
class CandidateAdmin(HistoryAdmin):
    """Candidates are prepared while their vote is being prepared; once it opens they are fixed
    (the ballots are sealed for exactly these candidates)."""

    list_display = ("title", "vote", "department", "budget")
    list_filter = ("vote",)
    search_fields = ("title",)
    fields = ("vote", "order", "title", "description", "department", "budget", "milestones")
    inlines = [CandidateSubItemInline]
    list_select_related = ("vote", "department")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.vote.state == Vote.State.DRAFT)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.vote.state == Vote.State.DRAFT)


class SubItemInline(admin.TabularInline):
    model = SubItem
    fields = ("title", "weight", "progress")
    readonly_fields = ("progress",)
    extra = 0


class ClaimInline(admin.TabularInline):
    """The 1+1+1 team, to read: seats are taken or assigned on the project's page, by the service
    that checks who may sit there."""

    model = Claim
    fields = ("role", "person", "claimed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
    list_display = ("title", "year", "department", "progress", "card")
    list_filter = ("year", "card", "department")
    search_fields = ("title",)
    fields = ("year", "order", "title", "description", "department", "budget", "milestones")
    inlines = [SubItemInline, ClaimInline]
    list_select_related = ("department",)

    # A year's projects are what its vote chose: publishing the vote makes them. Here staff edit a
    # project's wording, department, budget and milestones, never which projects there are.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ("year",)


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    list_display = ("project", "month", "author", "progress", "against_plan", "is_late")
    list_filter = ("is_late", "against_plan", "project__year")
    list_select_related = ("project", "author")


@admin.register(CardRating)
class CardRatingAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("project", "year", "quarter", "colour", "suggested", "rated_by", "rated_at")
    list_filter = ("colour", "year", "quarter")
    list_select_related = ("project", "rated_by")


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("project", "kind", "date")
    list_filter = ("kind",)
    list_select_related = ("project",)
