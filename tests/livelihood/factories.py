from datetime import timedelta

import factory
from django.utils import timezone

from livelihood.models import Candidate, CandidateSubItem, CardRating, Claim, MonthlyReport, Project, SubItem, Vote
from tests.deputies.factories import DeputyFactory
from tests.supervision.factories import DepartmentFactory


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    year = 2027
    title = factory.LazyAttribute(lambda v: f"{v.year}年度民生实事项目票决")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    vote = factory.SubFactory(VoteFactory)
    title = factory.Sequence(lambda n: f"候选项目{n}")
    department = factory.SubFactory(DepartmentFactory)


class CandidateSubItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateSubItem

    candidate = factory.SubFactory(CandidateFactory)
    title = factory.Sequence(lambda n: f"子项{n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    year = 2026
    title = factory.Sequence(lambda n: f"民生实事{n}")
    department = factory.SubFactory(DepartmentFactory)


class SubItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubItem

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"子项{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    project = factory.SubFactory(ProjectFactory)
    role = Claim.Role.DEPUTY
    person = factory.SubFactory(DeputyFactory)


class MonthlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyReport

    project = factory.SubFactory(ProjectFactory)
    author = factory.SubFactory(DeputyFactory)
    progress = 50
    against_plan = MonthlyReport.AgainstPlan.ON


class CardRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardRating

    project = factory.SubFactory(ProjectFactory)
    year = 2026
    quarter = 1
    colour = CardRating._meta.get_field("colour").choices[0][0]
    suggested = factory.LazyAttribute(lambda c: c.colour)
