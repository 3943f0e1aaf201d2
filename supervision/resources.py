"""The problem list (问题清单) and the work list (工作清单) as Excel sheets.

The problem list is what was raised; the work list is who handles it, by when, and how it went.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from .models import SupervisionItem


def _date(value):
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else ""


class ProblemListResource(resources.ModelResource):
    reference = fields.Field(column_name=_("number"))
    kind = fields.Field(column_name=_("kind"))
    title = fields.Field(attribute="title", column_name=_("title"))
    content = fields.Field(attribute="content", column_name=_("content"))
    raised_by = fields.Field(column_name=_("raised by"))
    co_signers = fields.Field(column_name=_("co-signing deputies"))
    source = fields.Field(column_name=_("source"))
    created = fields.Field(column_name=_("created"))
    state = fields.Field(column_name=_("state"))

    class Meta:
        model = SupervisionItem
        fields = ("reference", "kind", "title", "content", "raised_by", "co_signers", "source", "created", "state")

    def dehydrate_reference(self, item):
        return item.reference

    def dehydrate_kind(self, item):
        return item.get_kind_display()

    def dehydrate_raised_by(self, item):
        return item.lead_deputy.name if item.lead_deputy else ""

    def dehydrate_co_signers(self, item):
        return "、".join(d.name for d in item.co_signers.all())

    def dehydrate_source(self, item):
        return str(item.source) if item.source_object_id else ""

    def dehydrate_created(self, item):
        return _date(item.created_at)

    def dehydrate_state(self, item):
        return item.get_state_display()


class WorkListResource(resources.ModelResource):
    reference = fields.Field(column_name=_("number"))
    title = fields.Field(attribute="title", column_name=_("title"))
    lead_department = fields.Field(column_name=_("lead department"))
    assisting = fields.Field(column_name=_("assisting departments"))
    supervising_leader = fields.Field(attribute="supervising_leader", column_name=_("supervising leader"))
    deadline = fields.Field(column_name=_("deadline"))
    state = fields.Field(column_name=_("state"))
    round = fields.Field(attribute="round", column_name=_("handling round"))
    overdue = fields.Field(column_name=_("overdue"))
    replied = fields.Field(column_name=_("replied at"))
    ratings = fields.Field(column_name=_("ratings"))

    class Meta:
        model = SupervisionItem
        fields = (
            "reference", "title", "lead_department", "assisting", "supervising_leader", "deadline", "state", "round",
            "overdue", "replied", "ratings",
        )  # fmt: skip

    def dehydrate_reference(self, item):
        return item.reference

    def dehydrate_lead_department(self, item):
        return item.lead_department.name if item.lead_department else ""

    def dehydrate_assisting(self, item):
        return "、".join(d.name for d in item.assisting_departments.all())

    def dehydrate_deadline(self, item):
        return item.deadline.strftime("%Y-%m-%d") if item.deadline else ""

    def dehydrate_state(self, item):
        return item.get_state_display()

    def dehydrate_overdue(self, item):
        return str(_("yes")) if item.is_overdue else ""

    def dehydrate_replied(self, item):
        replies = list(item.replies.all())
        return _date(replies[-1].created_at) if replies else ""

    def dehydrate_ratings(self, item):
        return "；".join(f"{e.round}·{e.get_rater_display()}：{e.get_rating_display()}" for e in item.evaluations.all())
