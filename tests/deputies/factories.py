import factory

from deputies.models import Deputy, DeputyGroup, DutyReport, Leave, Level


def level(code: str) -> Level:
    """The level row the migration created."""
    return Level.objects.get(code=code)


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"代表{n}")
    gender = Deputy.Gender.FEMALE
    kind = Deputy.Kind.DEPUTY
    phone = factory.Sequence(lambda n: f"137{n:08d}")
    term = "第十八届"

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        codes = (
            extracted if extracted is not None else ([Level.Code.DISTRICT] if self.kind == Deputy.Kind.DEPUTY else [])
        )
        self.levels.set(Level.objects.filter(code__in=codes))


class DeputyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeputyGroup

    name = factory.Sequence(lambda n: f"第{n}代表小组")
    kind = DeputyGroup.Kind.DEPUTY_GROUP


class LeaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leave

    deputy = factory.SubFactory(DeputyFactory)


class DutyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyReport

    deputy = factory.SubFactory(DeputyFactory)
    audience = "选民代表"
    summary = "述职报告"
