import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from liaison.models import Station
from tests.liaison.factories import StationFactory, SubDistrictFactory

pytestmark = pytest.mark.django_db


def test_the_zone_home_cannot_sit_in_a_sub_district():
    with pytest.raises(IntegrityError), transaction.atomic():
        StationFactory(name="之家", kind=Station.Kind.ZONE_HOME, sub_district=SubDistrictFactory())


def test_a_station_must_sit_in_a_sub_district():
    station = Station(name="无街道站", kind=Station.Kind.STATION)
    with pytest.raises(ValidationError) as error:
        station.full_clean()
    assert "sub_district" in error.value.message_dict or "__all__" in error.value.message_dict


def test_a_sub_district_has_one_home_only():
    district = SubDistrictFactory()
    StationFactory(kind=Station.Kind.SUBDISTRICT_HOME, sub_district=district)
    second = Station(name="第二个之家", kind=Station.Kind.SUBDISTRICT_HOME, sub_district=district)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "这个街道已经有人大代表之家" in str(error.value)


def test_a_station_belongs_to_the_home_of_its_own_sub_district():
    zone = StationFactory(name="区之家", kind=Station.Kind.ZONE_HOME, sub_district=None)
    home = StationFactory(kind=Station.Kind.SUBDISTRICT_HOME, parent=zone)
    station = StationFactory.build(parent=home, sub_district=SubDistrictFactory(name="别的街道"))
    with pytest.raises(ValidationError) as error:
        station.full_clean()
    assert "parent" in error.value.message_dict
    StationFactory.build(parent=home, sub_district=home.sub_district, name="本街道站").full_clean()


def test_a_station_cannot_belong_to_another_station():
    parent = StationFactory()
    station = StationFactory.build(parent=parent, sub_district=parent.sub_district)
    with pytest.raises(ValidationError):
        station.full_clean()
