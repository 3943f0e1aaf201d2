"""A realistic zone (or city) of deputies, stations and departments, from the articles' figures.

Used by ``manage.py seed_demo`` (the zone of DESIGN.md) and by ``bench/`` (the city scale).
Every step creates only what is missing, found by a natural key (a name, a phone number), so
running it again changes nothing. Generation is deterministic: the same scale gives the same
people with the same phone numbers.
"""

from django.db import transaction

from .base import CITY, DEMO_PASSWORD, QUZHOU, ZONE, Scale
from .deputies import build_duty
from .liaison import build_stations_work
from .livelihood import build_livelihood
from .notifications import build_notifications
from .registry import build_departments, build_groups, build_logins, build_people, build_places
from .supervision import build_supervision

__all__ = ["CITY", "DEMO_PASSWORD", "QUZHOU", "ZONE", "Scale", "build"]


@transaction.atomic
def build(scale: Scale = ZONE, *, logins: bool = True) -> list[tuple[str, str]]:
    """Create whatever of the demo zone is missing; return the demo logins."""
    places = build_places(scale)
    people = build_people(scale, places)
    build_groups(scale, people)
    departments = build_departments(scale)
    if not logins:
        return []
    accounts = build_logins(people, departments)
    build_supervision(people, departments)
    build_stations_work(places, departments)
    build_livelihood(departments)
    build_duty()
    build_notifications()
    return accounts
