import factory

from liaison.models import Station, StationMember, SubDistrict
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
