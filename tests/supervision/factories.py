from dataclasses import dataclass
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts import roles
from accounts.models import User
from common.choices import SatisfactionRating
from deputies.models import Deputy
from supervision import services
from supervision.models import Department, SupervisionItem
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="答复.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试局{n}")
    contact_name = "联络员"


@dataclass
class World:
    """Who takes part in a supervision item: staff, a lead deputy, two departments with contacts."""

    staff: User
    deputy: Deputy
    deputy_user: User
    department: Department
    contact: User
    other_department: Department
    other_contact: User

    def in_days(self, days: int):
        return timezone.localdate() + timedelta(days=days)

    def draft(self, **kwargs) -> SupervisionItem:
        defaults = {
            "title": "关于增设公交站点的建议",
            "content": "建议在和平社区增设公交站点。",
            "period": "recess",
            "lead_deputy": self.deputy,
        }
        return services.item_create(created_by=self.deputy_user, **(defaults | kwargs))

    def submitted(self, **kwargs) -> SupervisionItem:
        item = self.draft(**kwargs)
        for request in item.cosign_requests.all():  # the co-signers agreed (on paper, recorded by staff)
            services.cosign_answer(request=request, by=self.staff, agree=True)
        return services.item_submit(item=item, by=self.deputy_user)

    def accepted(self, months=3, reason="", **kwargs) -> SupervisionItem:
        return services.item_accept(
            item=self.submitted(**kwargs),
            by=self.staff,
            lead_department=self.department,
            handling_months=months,
            deadline_reason=reason,
        )

    def declined(self, **kwargs) -> SupervisionItem:
        return services.item_decline(item=self.submitted(**kwargs), by=self.staff, reason="属国家事权，作为意见函复。")

    def assigned(self, **kwargs) -> SupervisionItem:
        return services.item_assign(
            item=self.submitted(**kwargs), by=self.staff, lead_department=self.department, deadline=self.in_days(30)
        )

    def handling(self, **kwargs) -> SupervisionItem:
        return services.item_start_handling(item=self.assigned(**kwargs), by=self.contact)

    def replied(self, **kwargs) -> SupervisionItem:
        item = self.handling(**kwargs)
        services.item_reply(item=item, by=self.contact, category="A", content="已纳入明年公交线路调整计划。")
        item.refresh_from_db()
        return item

    def rated(self, rating=SatisfactionRating.SATISFIED, **kwargs) -> SupervisionItem:
        return services.item_rate_by_deputy(
            item=self.replied(**kwargs), by=self.deputy_user, rating=rating, comment="请进一步落实。"
        )

    def closed(self, **kwargs) -> SupervisionItem:
        return services.item_rate_by_committee(
            item=self.rated(**kwargs), by=self.staff, rating=SatisfactionRating.SATISFIED
        )


def make_world() -> World:
    staff = UserFactory(username="staff_w", name="工作人员", is_staff=True, roles=[roles.STAFF])
    deputy_user = UserFactory(username="deputy_w", name="领衔代表", roles=[roles.DEPUTY])
    deputy = DeputyFactory(name="领衔代表", user=deputy_user)
    department = DepartmentFactory(name="交通运输局")
    contact = UserFactory(username="contact_w", name="交通局联络员", roles=[roles.DEPARTMENT_CONTACT])
    department.contacts.add(contact)
    other_department = DepartmentFactory(name="教育局")
    other_contact = UserFactory(username="contact_o", name="教育局联络员", roles=[roles.DEPARTMENT_CONTACT])
    other_department.contacts.add(other_contact)
    return World(staff, deputy, deputy_user, department, contact, other_department, other_contact)
