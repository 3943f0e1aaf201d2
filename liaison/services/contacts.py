"""Every change to receptions and opinions: logged once, answered, forwarded, rated."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import require_staff
from common.choices import SatisfactionRating
from deputies.models import Deputy
from notifications.events import Event
from notifications.services import notify
from supervision import services as supervision
from supervision.models import Department, SupervisionItem

from .. import citizens
from ..models import (
    Category,
    Opinion,
    Reception,
    ReceptionShift,
    Station,
)
from ..permissions import may_edit_reception
from ..selectors import opinion_is_answered


def _require_members(station: Station, people: list[Deputy], field: str, already: set[int] = frozenset()) -> None:
    """People named on a station's record are its members (or already on the record): nobody can
    put a deputy of another station into their register, archive and 七个一 without them."""
    members = set(Deputy.objects.filter(station_membership__station=station).values_list("pk", flat=True))
    outside = [d.name for d in people if d.pk not in members and d.pk not in already]
    if outside:
        raise ValidationError(
            {
                field: _("Not members of %(station)s: %(names)s.")
                % {"station": station.name, "names": "、".join(outside)}
            }
        )


def _reception_checks(*, logged_by: Deputy, station: Station, day: date, receivers: list[Deputy]) -> None:
    if day > timezone.localdate():
        raise ValidationError({"date": _("A reception cannot be logged for a day in the future.")})
    if not logged_by.is_active:
        raise ValidationError(_("%(name)s is not active.") % {"name": logged_by.name})
    inactive = [d.name for d in receivers if not d.is_active]
    if inactive:
        raise ValidationError({"receivers": _("Not active: %(names)s.") % {"names": "、".join(inactive)}})
    if not station.is_active:
        raise ValidationError({"station": _("This station is closed.")})


@transaction.atomic
def reception_log(
    *,
    logged_by: Deputy,
    station: Station,
    day: date,
    content: str,
    channel: str = Reception.Channel.FACE_TO_FACE,
    category: str = Category.OTHER,
    co_receivers: Iterable[Deputy] = (),
    action_taken: str = "",
    visitor_name: str = "",
    visitor_phone: str = "",
    visitor_count: int = 1,
    opinions: Iterable[dict] = (),
) -> Reception:
    """Log a reception once; the registers, archive, pack and statistics all read this row.

    ``opinions`` are the citizens' opinions raised there: dicts of ``content`` and ``category``.
    """
    reception = Reception(
        station=station,
        date=day,
        logged_by=logged_by,
        channel=channel,
        category=category,
        content=content,
        action_taken=action_taken,
        visitor_name=visitor_name,
        visitor_phone=visitor_phone,
        visitor_count=visitor_count,
    )
    return _reception_save(reception, co_receivers, opinions)


def _reception_save(reception: Reception, co_receivers: Iterable[Deputy], opinions: Iterable[dict]) -> Reception:
    """Check and save a new or corrected reception: its receivers (the logger first), the shift of
    its station and day, and the opinions raised there."""
    co_receivers = [d for d in co_receivers if d.pk != reception.logged_by_id]
    receivers = [reception.logged_by, *co_receivers]
    _reception_checks(logged_by=reception.logged_by, station=reception.station, day=reception.date, receivers=receivers)
    already = set(reception.receivers.values_list("pk", flat=True)) if reception.pk else set()
    _require_members(reception.station, co_receivers, "co_receivers", already)
    reception.shift = ReceptionShift.objects.filter(station=reception.station, date=reception.date).first()
    reception.full_clean()
    reception.save()
    reception.receivers.set(receivers)
    # An opinion raised at a reception belongs to the reception's day (a corrected date moves them).
    reception.opinions.exclude(date=reception.date).update(date=reception.date)
    for opinion in opinions:
        _opinion_add(reception, **opinion)
    return reception


def _opinion_add(reception: Reception, *, content: str, category: str = "") -> Opinion:
    opinion = Opinion(
        station=reception.station,
        reception=reception,
        source=Opinion.Source.RECEPTION,
        category=category or reception.category,
        content=content,
        state=Opinion.State.ACCEPTED,
        date=reception.date,
        created_at=timezone.now(),
    )
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def reception_update(
    *, reception: Reception, by, co_receivers: Iterable[Deputy] = (), new_opinions: Iterable[dict] = (), **fields
) -> Reception:
    """The logger (or staff) corrects a reception and may add opinions; forwarded ones stay as they are."""
    reception = Reception.objects.select_for_update().get(pk=reception.pk)
    if not may_edit_reception(reception, by):
        raise ValidationError(_("You can only change receptions you logged."))
    for name, value in fields.items():
        setattr(reception, name, value)
    return _reception_save(reception, co_receivers, new_opinions)


@transaction.atomic
def opinion_submit_online(
    *,
    station: Station,
    content: str,
    category: str = Category.OTHER,
    name: str = "",
    phone: str = "",
    photo=None,
    location: str = "",
    latitude=None,
    longitude=None,
) -> tuple[Opinion, str]:
    """A citizen's opinion from the public form, with a photo and where it is if they add them.
    Returns it with its tracking code, which is shown to the citizen once and never stored (only
    its keyed hash is)."""
    if (latitude is None) != (longitude is None):
        latitude = longitude = None  # half a position is no position
    if not station.is_active:
        raise ValidationError({"station": _("This station is closed.")})
    opinion = Opinion(
        station=station,
        source=Opinion.Source.ONLINE,
        category=category,
        content=content,
        citizen_name=name,
        citizen_phone=phone,
        photo=photo or "",
        location=location.strip(),
        latitude=latitude,
        longitude=longitude,
        state=Opinion.State.NEW,
        date=timezone.localdate(),
    )
    code = opinion.issue_tracking_code()
    opinion.full_clean()
    opinion.save()
    citizens.text_received(opinion, code)
    return opinion, code


def _lock_opinion(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update().get(pk=opinion.pk)


@transaction.atomic
def opinion_accept(*, opinion: Opinion, by) -> Opinion:
    require_staff(by)
    opinion = _lock_opinion(opinion)
    if opinion.state != Opinion.State.NEW:
        raise ValidationError(_("This opinion has already been accepted."))
    opinion.state = Opinion.State.ACCEPTED
    opinion.save(update_fields=["state"])
    return opinion


@transaction.atomic
def opinion_forward(*, opinion: Opinion, by, department: Department, deadline: date, note: str = "") -> SupervisionItem:
    """Hand the opinion to a department as a supervision item; the citizen follows it by code.

    The citizen's name and phone stay here; the department gets the matter, not the person.
    """
    require_staff(by)
    opinion = _lock_opinion(opinion)
    if opinion.state not in (Opinion.State.NEW, Opinion.State.ACCEPTED):
        raise ValidationError(_("This opinion has already been forwarded or answered."))
    item = supervision.item_hand_over(
        by=by,
        kind=SupervisionItem.Kind.CITIZEN_OPINION,
        title=_("Citizen opinion via %(station)s: %(start)s")
        % {"station": opinion.station, "start": opinion.content[:30]},
        content=opinion.content,
        source=opinion,
        lead_department=department,
        deadline=deadline,
        note=note,
        followers=opinion.reception.receivers.all() if opinion.reception_id else (),
    )
    opinion.state = Opinion.State.FORWARDED
    opinion.save(update_fields=["state"])
    return item


@transaction.atomic
def opinion_resolve(*, opinion: Opinion, by, resolution: str) -> Opinion:
    """The station answers the opinion itself (explained the policy, solved it on the spot)."""
    opinion = _lock_opinion(opinion)
    is_receiver = opinion.reception_id and opinion.reception.receivers.filter(user=by).exists()
    if not (by.is_committee_staff or is_receiver):
        raise ValidationError(_("Only staff or the deputies who received it can answer this opinion."))
    if opinion.state not in (Opinion.State.NEW, Opinion.State.ACCEPTED):
        raise ValidationError(_("This opinion has already been forwarded or answered."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Write the answer given.")})
    opinion.state, opinion.resolution, opinion.resolved_at = Opinion.State.RESOLVED, resolution, timezone.now()
    opinion.save(update_fields=["state", "resolution", "resolved_at"])
    citizens.on_resolved(opinion)
    return opinion


@transaction.atomic
def opinion_feedback(*, opinion: Opinion, rating: str, comment: str = "") -> Opinion:
    """The citizen rates the answer through the tracking page, once per answer. Not satisfied: staff
    are told, and the item it became shows it, so they can reopen it."""
    opinion = _lock_opinion(opinion)
    if not opinion_is_answered(opinion):
        raise ValidationError(_("You can give feedback once your opinion has been answered."))
    if not opinion.takes_feedback:
        raise ValidationError(_("Feedback has already been given. Thank you."))
    if rating == SatisfactionRating.UNSATISFIED and not comment.strip():
        raise ValidationError({"comment": _("Say what is still not solved: staff take it up again from there.")})
    opinion.citizen_rating, opinion.citizen_feedback, opinion.feedback_at = rating, comment, timezone.now()
    opinion.full_clean()
    opinion.save(update_fields=["citizen_rating", "citizen_feedback", "feedback_at"])
    if rating == SatisfactionRating.UNSATISFIED:
        item = opinion.items.order_by("-pk").first()
        if item is not None:
            supervision.item_note_citizen_rating(item=item, comment=comment)
        for user in get_user_model().committee_staff():
            notify(
                user=user,
                key=f"opinion:{opinion.pk}:unsatisfied:{opinion.feedback_at:%Y%m%d%H%M%S}",
                title=_("A citizen is not satisfied with the answer to %(opinion)s") % {"opinion": opinion},
                url=opinion.get_absolute_url(),
                event=Event.CITIZEN_UNSATISFIED,
            )
    return opinion


@transaction.atomic
def opinion_reopen(*, opinion: Opinion, by, reason: str, deadline: date | None = None) -> Opinion:
    """Staff take up an opinion again after the citizen rated its answer 不满意: the department's item
    goes to another handling round (with a new deadline), or the station answers it again."""
    require_staff(by)
    opinion = _lock_opinion(opinion)
    if not opinion.waits_for_reopening:
        raise ValidationError(_("Only an opinion whose citizen is not satisfied with the answer can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what will be done again.")})
    item = opinion.items.order_by("-pk").first()
    if opinion.state == Opinion.State.FORWARDED and item is not None:
        supervision.item_reopen(item=item, by=by, deadline=deadline, reason=reason)
    else:
        opinion.state = Opinion.State.ACCEPTED
    opinion.reopened_at, opinion.reopen_reason = timezone.now(), reason.strip()
    opinion.save(update_fields=["state", "reopened_at", "reopen_reason"])  # the audit history keeps the earlier answer
    return opinion
