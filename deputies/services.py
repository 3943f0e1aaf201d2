"""Every change to deputies' duty records: activities, 述职, 七个一 confirmations and thresholds."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.roles import require_staff
from accounts.services import logins_end, mobile_owners
from common.choices import SatisfactionRating
from common.converters import MIN_YEAR
from common.phones import digits_of, is_mobile

from .models import (
    Deputy,
    DeputyGroup,
    DutyActivity,
    DutyReport,
    DutyRhythm,
    SevenTask,
    SevenTaskConfirmation,
    SevenTaskThresholds,
    VoterRating,
    voter_phone_digest,
)


def _duty_activity_checks(by, day: date, attendees: Iterable[Deputy]) -> list[Deputy]:
    require_staff(by)
    attendees = list(attendees)
    if not attendees:
        raise ValidationError({"attendees": _("Name at least one attendee.")})
    inactive = [d.name for d in attendees if not d.is_active]
    if inactive:
        raise ValidationError({"attendees": _("Not active: %(names)s.") % {"names": "、".join(inactive)}})
    if day > timezone.localdate():
        raise ValidationError({"date": _("Record an activity once it has taken place.")})
    return attendees


@transaction.atomic
def duty_activity_record(
    *,
    by,
    day: date,
    kind: str,
    title: str,
    attendees: Iterable[Deputy],
    summary: str = "",
    group: DeputyGroup | None = None,
    firms_visited: int = 0,
) -> DutyActivity:
    """Staff record a duty activity with who attended; it counts in each attendee's archive and 七个一."""
    attendees = _duty_activity_checks(by, day, attendees)
    activity = DutyActivity(
        date=day, kind=kind, title=title, summary=summary, group=group, firms_visited=firms_visited, created_by=by
    )
    activity.full_clean()
    activity.save()
    activity.attendees.set(attendees)
    return activity


@transaction.atomic
def duty_activity_update(
    *, activity: DutyActivity, by, day: date, attendees: Iterable[Deputy], **fields
) -> DutyActivity:
    """Staff correct a duty activity: the same rules as recording it."""
    attendees = _duty_activity_checks(by, day, attendees)
    activity = DutyActivity.objects.select_for_update().get(pk=activity.pk)
    activity.date = day
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    activity.attendees.set(attendees)
    return activity


# A 述职 is recorded once held, or up to a month ahead (to print its QR code for the meeting).
REPORT_DAYS_AHEAD = 30


def _check_report_day(day: date) -> None:
    today = timezone.localdate()
    if day > today + timedelta(days=REPORT_DAYS_AHEAD):
        raise ValidationError({"date": _("A report to voters can be recorded at most 30 days ahead.")})
    if day.year < MIN_YEAR:
        raise ValidationError({"date": _("Enter a date from %(year)s on.") % {"year": MIN_YEAR}})


@transaction.atomic
def duty_report_record(*, deputy: Deputy, by, day: date, audience: str, summary: str, **fields) -> DutyReport:
    """Record a deputy's report to voters (述职) with its 述·晒·评; it feeds the station's register."""
    if not (by.is_committee_staff or deputy.user_id == by.pk):
        raise ValidationError(_("You can only record your own duty reports."))
    _check_report_day(day)
    report = DutyReport(deputy=deputy, date=day, audience=audience, summary=summary, created_by=by, **fields)
    report.full_clean()
    report.save()
    return report


# The QR code's form is open on the day of the 述职 and the day after (voters rate after the meeting).
RATING_DAYS = 2


def rating_open(report: DutyReport, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return report.date <= today < report.date + timedelta(days=RATING_DAYS)


@transaction.atomic
def voter_rate(*, report: DutyReport, phone: str, rating: str, comment: str = "") -> VoterRating:
    """A voter present at the 述职 rates it through the QR code: once per phone, while it is open."""
    if not rating_open(report):
        raise ValidationError(_("Rating this report is closed: it is open on the day and the day after."))
    digits = digits_of(phone)
    if not is_mobile(digits):
        raise ValidationError({"phone": _("Enter your 11-digit mobile number.")})
    return _rate(report, rating, comment, phone_digest=voter_phone_digest(digits))


@transaction.atomic
def voter_rating_paper(*, report: DutyReport, by, slip: str, rating: str, comment: str = "") -> VoterRating:
    """Staff enter a paper slip handed in at the 述职: once per slip number."""
    require_staff(by)
    if not slip.strip():
        raise ValidationError({"slip": _("Enter the number on the slip.")})
    return _rate(report, rating, comment, slip=slip.strip(), entered_by=by)


def _rate(report: DutyReport, rating: str, comment: str, **who) -> VoterRating:
    if rating not in SatisfactionRating.values:
        raise ValidationError({"rating": _("Choose satisfied, basically satisfied or unsatisfied.")})
    # One rating per voter present: never more ratings than the attendance recorded (the report's
    # row is locked, so two voters at the same moment are counted one after the other).
    report = DutyReport.objects.select_for_update().get(pk=report.pk)
    if report.attendance is not None and report.voter_ratings.count() >= report.attendance:
        raise ValidationError(
            _("Every one of the %(n)s voters present has rated this report.") % {"n": report.attendance}
        )
    voter_rating = VoterRating(report=report, rating=rating, comment=comment.strip(), **who)
    voter_rating.full_clean()
    try:
        with transaction.atomic():
            voter_rating.save()
    except IntegrityError:  # the same phone or slip, at the same moment (full_clean saw neither)
        if who.get("slip"):
            raise ValidationError({"slip": _("This slip has already been entered.")}) from None
        raise ValidationError(_("This phone has already rated this report.")) from None
    return voter_rating


@transaction.atomic
def duty_report_update(*, report: DutyReport, by, day: date, **fields) -> DutyReport:
    """Correct a 述职 record: its deputy or staff, with the same rules as recording it."""
    report = DutyReport.objects.select_for_update().select_related("deputy").get(pk=report.pk)
    if not (by.is_committee_staff or report.deputy.user_id == by.pk):
        raise ValidationError(_("You can only record your own duty reports."))
    _check_report_day(day)
    report.date = day
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def seven_task_confirm(*, deputy: Deputy, year: int, item: str, by, note: str = "") -> SevenTaskConfirmation:
    """Staff confirm an item of a deputy's 七个一 that needs judgement."""
    require_staff(by)
    if item not in SevenTask.values:
        raise ValidationError({"item": _("Unknown item of the 七个一.")})
    confirmation, _created = SevenTaskConfirmation.objects.update_or_create(
        deputy=deputy, year=year, item=item, defaults={"note": note, "confirmed_by": by}
    )
    return confirmation


@transaction.atomic
@transaction.atomic
def rhythm_set(*, by, year: int, **values) -> DutyRhythm:
    """Staff set a year's duty rhythm: 七个一, 六个一 or both, and the 六个一 counts."""
    require_staff(by)
    rhythm = DutyRhythm.for_year(year)
    for name, value in values.items():
        setattr(rhythm, name, value)
    rhythm.full_clean()
    rhythm.save()
    return rhythm


def thresholds_update(*, by, **values: int) -> SevenTaskThresholds:
    require_staff(by)
    thresholds = SevenTaskThresholds.current()
    for name, value in values.items():
        setattr(thresholds, name, value)
    thresholds.full_clean()
    thresholds.save()
    return thresholds


@transaction.atomic
def logins_provision(*, deputies: Iterable[Deputy], by=None) -> list:
    """Open a login for each active deputy or council member who has none: the login name is the
    mobile number (else ``rd`` and the roster ID), with the role of their kind and no usable
    password until staff hand over a one-time password (by text or letter); the person then sets
    their own. ``by`` None: the roster import, which staff started."""
    if by is not None:
        require_staff(by)
    User = get_user_model()
    people = [d for d in deputies if d.user_id is None and d.is_active]
    if not people:
        return []
    wanted = {d.pk: _login_name(d) for d in people}
    taken = set(User.objects.filter(username__in=wanted.values()).values_list("username", flat=True))
    # A mobile another login has is not given again (the roster import refuses such rows; this
    # keeps any other caller from texting one person's codes to two accounts).
    mobiles_taken = set(mobile_owners(digits_of(d.phone) for d in people))
    users = []
    for deputy in people:
        username = wanted[deputy.pk]
        if username in taken:
            username = f"rd{deputy.pk:05d}"
        taken.add(username)
        mobile = digits_of(deputy.phone)
        if not is_mobile(mobile) or mobile in mobiles_taken:
            mobile = ""
        mobiles_taken.add(mobile)
        user = User(
            username=username,
            name=deputy.name,
            mobile=mobile,
            must_change_password=True,
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    groups = {g.name: g for g in Group.objects.filter(name__in=[roles.DEPUTY, roles.COUNCIL_MEMBER])}
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [
            Membership(
                user_id=user.pk,
                group_id=groups[roles.COUNCIL_MEMBER if d.kind == Deputy.Kind.COUNCIL_MEMBER else roles.DEPUTY].pk,
            )
            for d, user in zip(people, users, strict=True)
        ]
    )
    for deputy, user in zip(people, users, strict=True):
        deputy.user = user
    Deputy.objects.bulk_update(people, ["user"], batch_size=500)
    return users


def _login_name(deputy: Deputy) -> str:
    mobile = digits_of(deputy.phone)
    if settings.ROSTER_LOGIN_NAME == "phone" and is_mobile(mobile):
        return mobile
    return f"rd{deputy.pk:05d}"


@transaction.atomic
def term_end(*, deputies: Iterable[Deputy], by) -> int:
    """Their term is over: out of office (no new duties) and their logins end; every record stays."""
    require_staff(by)
    deputies = list(deputies)
    Deputy.objects.filter(pk__in=[d.pk for d in deputies]).update(is_active=False)
    users = [d.user for d in deputies if d.user_id]
    logins_end(users=users, by=by)
    return len(deputies)
