import factory

from liaison.models import (
    ArchiveEntry,
    Holiday,
    Opinion,
    Reception,
    ReceptionShift,
    ShiftAssignment,
    Station,
    StationMember,
    SubDistrict,
)
from tests.deputies.factories import DeputyFactory


class SubDistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubDistrict
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试{n}街道")


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    name = factory.Sequence(lambda n: f"测试{n}联络站")
    kind = Station.Kind.STATION
    sub_district = factory.SubFactory(SubDistrictFactory)
    address = "测试路1号"
    opening_hours = "每周三 9:00–11:30"


class StationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StationMember

    deputy = factory.SubFactory(DeputyFactory)
    station = factory.SubFactory(StationFactory)


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday
        django_get_or_create = ("date",)

    name = "节日"


class ReceptionShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceptionShift

    station = factory.SubFactory(StationFactory)


class ShiftAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftAssignment

    shift = factory.SubFactory(ReceptionShiftFactory)
    deputy = factory.SubFactory(DeputyFactory)


class ReceptionFactory(factory.django.DjangoModelFactory):
    """A reception row as the registers read it (tests of services log receptions through them)."""

    class Meta:
        model = Reception

    station = factory.SubFactory(StationFactory)
    logged_by = factory.SubFactory(DeputyFactory)
    content = "反映情况"


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opinion

    station = factory.SubFactory(StationFactory)
    content = "意见"


class ArchiveEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArchiveEntry

    station = factory.SubFactory(StationFactory)
    section = ArchiveEntry.Section.FEATURED
    title = factory.Sequence(lambda n: f"档案{n}")
