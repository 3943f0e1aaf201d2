"""Every change to a supervision item: one function per step, one transaction each.

The allowed steps are the table below. It is a plain table rather than django-fsm because that
package was archived in 2024 and its successor (viewflow) is a much larger framework; twenty lines
keep the rules where a reader sees them. Each step locks the item row, checks the state and who is
acting, changes the state and writes one timeline entry, or raises ValidationError and writes nothing.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import require_staff
from common.choices import SatisfactionRating
from common.dates import add_months
from deputies.models import Deputy
from deputies.selectors import deputy_for_user
from notifications.events import Event
from notifications.services import notify, settle

from .models import (
    CoSignRequest,
    Department,
    Handover,
    ItemAttachment,
    ItemEvaluation,
    ItemEvent,
    ItemReply,
    PartReply,
    SupervisionItem,
)
from .permissions import is_department_contact, may_edit_draft
from .reminders import deadline_key
from .selectors import parts_missing
from .signals import item_replied

State = SupervisionItem.State
Action = ItemEvent.Action

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    Action.SUBMITTED: ({State.DRAFT, State.SENT_BACK}, State.SUBMITTED),
    Action.ACCEPTED: ({State.SUBMITTED}, State.ACCEPTED),
    Action.SENT_BACK: ({State.SUBMITTED}, State.SENT_BACK),
    Action.DECLINED: ({State.SUBMITTED}, State.DECLINED),
    Action.ASSIGNED: ({State.SUBMITTED}, State.ASSIGNED),
    Action.HANDED_OVER: ({State.ACCEPTED}, State.ASSIGNED),
    Action.HANDLING_STARTED: ({State.ASSIGNED}, State.HANDLING),
    # The department replies after it has received the item (签收), so the receipt is on record.
    Action.REPLIED: ({State.HANDLING}, State.REPLIED),
    Action.RATED_BY_DEPUTY: ({State.REPLIED}, State.RATED),
    Action.RATED_BY_COMMITTEE: ({State.REPLIED, State.RATED}, State.RATED),
    Action.RETURNED: ({State.RATED}, State.HANDLING),
    Action.CLOSED: ({State.RATED}, State.CLOSED),
    Action.REOPENED: ({State.REPLIED, State.RATED, State.CLOSED}, State.HANDLING),
}


# 代表建议办理: answered within three months of handing over; up to six for a wide or hard
# suggestion, with the reason recorded.
LAW_MONTHS, LONGEST_MONTHS = 3, 6


def rehandling_days() -> int:
    return getattr(settings, "SUPERVISION_REHANDLING_DAYS", 30)


def _lock(item: SupervisionItem) -> SupervisionItem:
    """The item's row, locked until the transaction ends, so two steps never interleave."""
    return SupervisionItem.objects.select_for_update().get(pk=item.pk)


def _check(item: SupervisionItem, action: str) -> None:
    """Refuse a step the table does not allow from the item's state."""
    if item.state not in TRANSITIONS[action][0]:
        raise ValidationError(
            _("This item is “%(state)s”; “%(action)s” is not possible now.")
            % {"state": item.get_state_display(), "action": Action(action).label}
        )


def _move(item: SupervisionItem, action: str, actor, note: str = "") -> ItemEvent:
    _check(item, action)
    target = TRANSITIONS[action][1]
    event = ItemEvent.objects.create(
        item=item, action=action, from_state=item.state, to_state=target, actor=actor, note=note
    )
    item.state = target
    return event


def _record(item: SupervisionItem, action: str, actor, note: str = "") -> ItemEvent:
    """A timeline entry for a step that does not change the state."""
    return ItemEvent.objects.create(
        item=item, action=action, from_state=item.state, to_state=item.state, actor=actor, note=note
    )


def _attach(item: SupervisionItem, files: Iterable, by, reply: ItemReply | None = None) -> None:
    for f in files:
        attachment = ItemAttachment(item=item, reply=reply, file=f, name=f.name[:200], uploaded_by=by)
        attachment.full_clean(exclude=["item", "reply"])
        attachment.save()


def _require_future(deadline: date | None, field: str = "deadline") -> None:
    if deadline is None:
        raise ValidationError({field: _("Give a deadline.")})
    if deadline <= timezone.localdate():
        raise ValidationError({field: _("The deadline must be after today.")})


@transaction.atomic
def item_create(
    *,
    created_by,
    title: str,
    content: str,
    kind: str = SupervisionItem.Kind.DEPUTY_SUGGESTION,
    lead_deputy: Deputy | None = None,
    co_signers: Iterable[Deputy] = (),
    period: str = "",
    source=None,
    files: Iterable = (),
) -> SupervisionItem:
    """Draft a new item; a deputy's suggestion names its lead deputy and any co-signers."""
    co_signers = list(co_signers)
    if kind == SupervisionItem.Kind.DEPUTY_SUGGESTION and lead_deputy is None:
        raise ValidationError({"lead_deputy": _("A deputy's suggestion needs its lead deputy.")})
    if lead_deputy is not None and any(d.pk == lead_deputy.pk for d in co_signers):
        raise ValidationError({"co_signers": _("The lead deputy cannot also co-sign.")})
    if lead_deputy is not None and not lead_deputy.is_active:
        raise ValidationError({"lead_deputy": _("%(name)s is not an active deputy.") % {"name": lead_deputy.name}})
    item = SupervisionItem(
        kind=kind,
        title=title,
        content=content,
        lead_deputy=lead_deputy,
        period=period,
        created_by=created_by,
        source=source,
    )
    item.full_clean()
    item.save()
    _ask_cosigners(item, co_signers, created_by)
    _attach(item, files, created_by)
    _record(item, Action.CREATED, created_by)
    return item


@transaction.atomic
def item_update_draft(
    *, item: SupervisionItem, by, title: str, content: str, period: str = "", co_signers=(), files=()
) -> SupervisionItem:
    """Change a draft; once submitted, an item's text stays as it was handed over."""
    item = _lock(item)
    if item.state not in SupervisionItem.EDITABLE:
        raise ValidationError(_("Only a draft can be changed."))
    if not may_edit_draft(item, by):
        raise ValidationError(_("Only the author can change this draft."))
    co_signers = list(co_signers)
    if item.lead_deputy_id and any(d.pk == item.lead_deputy_id for d in co_signers):
        raise ValidationError({"co_signers": _("The lead deputy cannot also co-sign.")})
    rewritten = (item.title, item.content) != (title, content)
    item.title, item.content, item.period = title, content, period
    item.full_clean()
    item.save(update_fields=["title", "content", "period"])
    _ask_cosigners(item, co_signers, by, ask_again=rewritten)
    _attach(item, files, by)
    return item


def cosign_key(item_id: int, deputy_id: int, asked: str = "") -> str:
    """A co-signing request's notification key; without ``asked``, the prefix of all of them."""
    return f"cosign:{item_id}:{deputy_id}:{asked}"


def _ask_cosigners(item: SupervisionItem, wanted: list[Deputy], by, ask_again: bool = False) -> None:
    """Make the draft's co-signing requests match ``wanted``: ask the newly named (they are told in
    the portal), withdraw the request of anyone no longer named (and their signature). With
    ``ask_again`` (the title or text changed), everyone named is asked again: a consent given to
    other words is not a consent to these."""
    inactive = [d.name for d in wanted if not d.is_active]
    if inactive:
        raise ValidationError({"co_signers": _("Not active: %(names)s.") % {"names": "、".join(inactive)}})
    wanted_ids = {d.pk for d in wanted}
    requests = {r.deputy_id: r for r in CoSignRequest.objects.filter(item=item)}
    for deputy_id, request in requests.items():
        if deputy_id not in wanted_ids and request.state != CoSignRequest.State.WITHDRAWN:
            request.state, request.answered_at = CoSignRequest.State.WITHDRAWN, timezone.now()
            request.save(update_fields=["state", "answered_at"])
            item.co_signers.remove(deputy_id)
            settle(key_prefix=cosign_key(item.pk, deputy_id))  # no longer asked
    author = item.lead_deputy.name if item.lead_deputy else str(by)
    for deputy in wanted:
        request = requests.get(deputy.pk)
        if request is not None and request.state != CoSignRequest.State.WITHDRAWN and not ask_again:
            continue
        if request is not None and request.state == CoSignRequest.State.AGREED:
            item.co_signers.remove(deputy.pk)  # signed until they agree to the new words
        if request is None:
            CoSignRequest.objects.create(item=item, deputy=deputy)
        else:
            CoSignRequest.objects.filter(pk=request.pk).update(
                state=CoSignRequest.State.PENDING, asked_at=timezone.now(), answered_at=None, answered_by=None
            )
        if deputy.user_id:
            notify(
                user=deputy.user,
                key=cosign_key(item.pk, deputy.pk, f"{timezone.now():%Y%m%d%H%M%S%f}"),
                title=_("%(author)s asks you to co-sign “%(title)s”") % {"author": author, "title": item.title},
                url=item.get_absolute_url(),
                event=Event.COSIGN_ASKED,
            )


@transaction.atomic
def cosign_answer(*, request: CoSignRequest, by, agree: bool) -> CoSignRequest:
    """The deputy asked agrees to co-sign the suggestion or declines. Staff may record an answer
    given on paper. Only a draft's pending request can be answered."""
    request = CoSignRequest.objects.select_for_update().select_related("item", "deputy").get(pk=request.pk)
    if not (by.is_committee_staff or (request.deputy.user_id and request.deputy.user_id == by.pk)):
        raise ValidationError(_("Only the deputy asked can answer this request."))
    if request.state != CoSignRequest.State.PENDING or request.item.state not in SupervisionItem.EDITABLE:
        raise ValidationError(_("This request has already been answered or withdrawn."))
    if agree and not request.deputy.is_active:
        raise ValidationError(_("%(name)s is not active.") % {"name": request.deputy.name})
    request.state = CoSignRequest.State.AGREED if agree else CoSignRequest.State.DECLINED
    request.answered_at, request.answered_by = timezone.now(), by
    request.save(update_fields=["state", "answered_at", "answered_by"])
    if agree:
        request.item.co_signers.add(request.deputy)
    settle(key_prefix=cosign_key(request.item_id, request.deputy_id))  # answered, by them or for them
    _tell_author_of_answer(request, agree)
    return request


def _tell_author_of_answer(request: CoSignRequest, agree: bool) -> None:
    """The author waits on every answer before submitting: each answer is told, and the last one
    says the suggestion can go to the committee now."""
    item = request.item
    author = item.lead_deputy.user if item.lead_deputy and item.lead_deputy.user_id else item.created_by
    if author is None:
        return
    values = {"name": request.deputy.name, "title": item.title}
    title = (
        _("%(name)s agreed to co-sign “%(title)s”") if agree else _("%(name)s declined to co-sign “%(title)s”")
    ) % values
    if not CoSignRequest.objects.filter(item=item, state=CoSignRequest.State.PENDING).exists():
        title = _("%(answer)s Everyone asked has answered: submit it to the committee now.") % {"answer": title}
    notify(
        user=author,
        key=f"cosign-answer:{request.pk}:{request.answered_at:%Y%m%d%H%M%S%f}",
        title=title,
        url=item.get_absolute_url(),
        event=Event.COSIGN_ANSWERED,
    )


@transaction.atomic
def item_submit(*, item: SupervisionItem, by) -> SupervisionItem:
    """Hand a draft to the committee, once everyone asked to co-sign has answered."""
    item = _lock(item)
    _check(item, Action.SUBMITTED)
    if not may_edit_draft(item, by):
        raise ValidationError(_("Only the author can submit this draft."))
    waiting = list(
        CoSignRequest.objects.filter(item=item, state=CoSignRequest.State.PENDING).values_list(
            "deputy__name", flat=True
        )
    )
    if waiting:
        raise ValidationError(
            _("Waiting for %(names)s to answer the co-signing request; wait, or take them off the suggestion.")
            % {"names": "、".join(waiting)}
        )
    _move(item, Action.SUBMITTED, by)
    item.submitted_at = timezone.now()
    item.save(update_fields=["state", "submitted_at"])
    return item


def _check_suggestion_months(item: SupervisionItem, months: int, reason: str, field: str) -> None:
    """The law's handling time for a deputy's suggestion: three months, six at most with a reason."""
    if not 1 <= months <= LONGEST_MONTHS:
        raise ValidationError({field: _("Between one and six months.")})
    if item.kind != SupervisionItem.Kind.DEPUTY_SUGGESTION:
        return
    if months > LAW_MONTHS and not reason.strip():
        raise ValidationError(
            {"deadline_reason": _("A suggestion gets three months; say why this one needs longer (up to six).")}
        )


def _notify_author(item: SupervisionItem, event: ItemEvent, title: str) -> None:
    """Tell whoever filed the item (its lead deputy, else its author) what the committee decided."""
    user = item.lead_deputy.user if item.lead_deputy and item.lead_deputy.user_id else item.created_by
    if user is not None:
        notify(
            user=user,
            key=f"item:{item.pk}:event:{event.pk}",
            title=title,
            url=item.get_absolute_url(),
            event=Event.ITEM_DECIDED,
        )


def _notify_departments(item: SupervisionItem, event: ItemEvent, second: bool = False) -> None:
    """Tell the contacts of every department an item is handed to (lead, assisting, jointly
    handling): a new item, or (``second``) one back for another handling round."""
    helpers = [*item.assisting_departments.all(), *item.joint_departments.all()]
    for department in [item.lead_department, *helpers]:
        if department in helpers:  # they answer the lead department with their part, not the deputy
            text = _("Send %(lead)s your part for “%(title)s” before %(date)s")
        elif second:
            text = _("Handle again: “%(title)s”, answer by %(date)s")
        else:
            text = _("New item to handle: “%(title)s”, answer by %(date)s")
        title = text % {"title": item.title, "date": f"{item.deadline:%Y-%m-%d}", "lead": item.lead_department.name}
        for contact in department.contacts.all():
            notify(
                user=contact,
                key=f"item:{item.pk}:event:{event.pk}:{contact.pk}",
                title=title,
                url=item.get_absolute_url(),
                event=Event.SECOND_ROUND if second else Event.ITEM_ASSIGNED,
            )
    if not second and item.lead_deputy_id and item.lead_deputy.user_id:  # the deputy follows it
        _notify_author(
            item,
            event,
            _("“%(title)s” is handed to %(department)s, to be answered by %(date)s")
            % {"title": item.title, "department": item.lead_department.name, "date": f"{item.deadline:%Y-%m-%d}"},
        )


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the deputy reads it.")})
    return reason.strip()


def _set_departments(item: SupervisionItem, lead_department: Department, assisting, joint) -> None:
    """主办 / 协办 / 会办: one lead; every other department either assists or handles jointly."""
    if not lead_department.is_active:
        raise ValidationError(
            {"lead_department": _("%(name)s is not an active department.") % {"name": lead_department}}
        )
    assisting = [d for d in assisting if d.pk != lead_department.pk]
    joint = [d for d in joint if d.pk != lead_department.pk]
    both = {d.pk for d in assisting} & {d.pk for d in joint}
    if both:
        names = "、".join(d.name for d in joint if d.pk in both)
        raise ValidationError(
            {"joint_departments": _("%(names)s cannot both assist and handle jointly.") % {"names": names}}
        )
    item.lead_department = lead_department
    item.full_clean()
    item.save()
    item.assisting_departments.set(assisting)
    item.joint_departments.set(joint)


@transaction.atomic
def item_accept(
    *,
    item: SupervisionItem,
    by,
    lead_department: Department,
    assisting_departments: Iterable[Department] = (),
    joint_departments: Iterable[Department] = (),
    handling_months: int = LAW_MONTHS,
    deadline_reason: str = "",
    supervising_leader: str = "",
    note: str = "",
) -> SupervisionItem:
    """立案: staff accept a submitted item and propose who handles it and for how long. It waits for
    the meeting that hands it over (``items_hand_over``); the deadline runs from that meeting."""
    require_staff(by)
    item = _lock(item)
    _check(item, Action.ACCEPTED)
    _check_suggestion_months(item, handling_months, deadline_reason, "handling_months")
    event = _move(item, Action.ACCEPTED, by, note)
    item.supervising_leader = supervising_leader
    item.handling_months, item.deadline_reason = handling_months, deadline_reason.strip()
    _set_departments(item, lead_department, assisting_departments, joint_departments)
    _notify_author(item, event, _("“%(title)s” is accepted (立案)") % {"title": item.title})
    return item


@transaction.atomic
def item_send_back(*, item: SupervisionItem, by, reason: str) -> SupervisionItem:
    """退回修改: the submitted item goes back to its author as a draft, with the reason; they revise
    it and submit again."""
    require_staff(by)
    item = _lock(item)
    reason = _require_reason(reason)
    event = _move(item, Action.SENT_BACK, by, reason)
    item.submitted_at = None
    item.save(update_fields=["state", "submitted_at"])
    _notify_author(item, event, _("“%(title)s” is returned for revision") % {"title": item.title})
    return item


@transaction.atomic
def item_decline(*, item: SupervisionItem, by, reason: str) -> SupervisionItem:
    """不予立案: the committee does not take it up as a suggestion; the reason is the answer, by letter,
    to what is then handled as an opinion. It is not handed to a department."""
    require_staff(by)
    item = _lock(item)
    reason = _require_reason(reason)
    event = _move(item, Action.DECLINED, by, reason)
    item.closed_at = timezone.now()
    item.save(update_fields=["state", "closed_at"])
    _notify_author(item, event, _("“%(title)s” is not accepted as a suggestion") % {"title": item.title})
    return item


@transaction.atomic
def items_hand_over(*, by, items: Iterable[SupervisionItem], name: str, held_on: date, note: str = "") -> Handover:
    """A 交办会 (or 主任会议) hands accepted items to their departments in one step, all or none.
    Each deadline is the meeting's date plus the item's handling time."""
    require_staff(by)
    today = timezone.localdate()
    if not name.strip():
        raise ValidationError({"name": _("Name the meeting.")})
    if held_on > today:
        raise ValidationError({"held_on": _("Record the hand-over once the meeting has decided it.")})
    # Locked in one order, so two hand-overs naming the same items wait for each other.
    locked = list(SupervisionItem.objects.select_for_update().filter(pk__in=[i.pk for i in items]).order_by("pk"))
    if not locked:
        raise ValidationError({"items": _("Choose the items the meeting handed over.")})
    handover = Handover.objects.create(name=name.strip(), held_on=held_on, note=note, created_by=by)
    for item in locked:
        if item.state != State.ACCEPTED:
            raise ValidationError(
                {
                    "items": _("%(ref)s is “%(state)s”, not waiting to be handed over.")
                    % {"ref": item.reference, "state": item.get_state_display()}
                }
            )
        deadline = add_months(held_on, item.handling_months)
        if deadline <= today:
            raise ValidationError(
                {
                    "held_on": _("%(ref)s would already be past its deadline (%(date)s); check the meeting's date.")
                    % {"ref": item.reference, "date": f"{deadline:%Y-%m-%d}"}
                }
            )
        event = _move(item, Action.HANDED_OVER, by, name.strip())
        item.deadline, item.handover, item.assigned_at = deadline, handover, timezone.now()
        item.save(update_fields=["state", "deadline", "handover", "assigned_at"])
        _notify_departments(item, event)
    return handover


@transaction.atomic
def item_assign(
    *,
    item: SupervisionItem,
    by,
    lead_department: Department,
    deadline: date,
    assisting_departments: Iterable[Department] = (),
    joint_departments: Iterable[Department] = (),
    supervising_leader: str = "",
    deadline_reason: str = "",
    note: str = "",
) -> SupervisionItem:
    """Accept a submitted item and hand it to a lead department (and assisting ones) at once, with a
    deadline: for urgent work and what other apps forward. A deputy's suggestion keeps to the law's
    handling time (three months, six at most with a reason)."""
    require_staff(by)
    item = _lock(item)
    _check(item, Action.ASSIGNED)
    _require_future(deadline)
    today = timezone.localdate()
    if item.kind == SupervisionItem.Kind.DEPUTY_SUGGESTION:
        if deadline > add_months(today, LONGEST_MONTHS):
            raise ValidationError({"deadline": _("A suggestion is answered within six months at most.")})
        months = LONGEST_MONTHS if deadline > add_months(today, LAW_MONTHS) else LAW_MONTHS
        _check_suggestion_months(item, months, deadline_reason, "deadline")
    event = _move(item, Action.ASSIGNED, by, note)
    item.deadline, item.supervising_leader = deadline, supervising_leader
    item.deadline_reason = deadline_reason.strip()
    item.assigned_at = timezone.now()
    _set_departments(item, lead_department, assisting_departments, joint_departments)
    _notify_departments(item, event)
    return item


@transaction.atomic
def item_hand_over(
    *,
    by,
    kind: str,
    title: str,
    content: str,
    lead_department: Department,
    deadline: date,
    source=None,
    lead_deputy: Deputy | None = None,
    assisting_departments: Iterable[Department] = (),
    supervising_leader: str = "",
    note: str = "",
    followers: Iterable[Deputy] = (),
) -> SupervisionItem:
    """Create, submit and assign in one step: how other apps hand work to a department. The
    ``followers`` (who collected the opinion, who attended the consultation) read it as it goes."""
    item = item_create(created_by=by, kind=kind, title=title, content=content, lead_deputy=lead_deputy, source=source)
    item.followers.set(followers)
    item_submit(item=item, by=by)
    return item_assign(
        item=item,
        by=by,
        lead_department=lead_department,
        deadline=deadline,
        assisting_departments=assisting_departments,
        supervising_leader=supervising_leader,
        note=note,
    )


@transaction.atomic
def item_start_handling(*, item: SupervisionItem, by) -> SupervisionItem:
    """The lead department acknowledges it has the item (签收)."""
    item = _lock(item)
    _check(item, Action.HANDLING_STARTED)
    if not is_department_contact(by, item.lead_department):
        raise ValidationError(_("Only the lead department can receive this item."))
    _move(item, Action.HANDLING_STARTED, by)
    item.save(update_fields=["state"])
    return item


@transaction.atomic
def item_reply(
    *,
    item: SupervisionItem,
    by,
    content: str,
    category: str,
    category_reason: str = "",
    missing_parts_note: str = "",
    files: Iterable = (),
) -> ItemReply:
    """The lead department answers, classifies the answer (A/B/C) and attaches files; late if after
    the deadline. A C (cannot be solved for now) says why."""
    item = _lock(item)
    _check(item, Action.REPLIED)
    if not is_department_contact(by, item.lead_department):
        raise ValidationError(_("Only a contact of the lead department can reply to this item."))
    if not content.strip():
        raise ValidationError({"content": _("Write the reply.")})
    if category not in ItemReply.Category.values:
        raise ValidationError({"category": _("Classify the reply: A, B or C.")})
    if category == ItemReply.Category.C and not category_reason.strip():
        raise ValidationError({"category_reason": _("Say why it cannot be solved for now.")})
    missing = parts_missing(item)
    if missing and not missing_parts_note.strip():
        raise ValidationError(
            {
                "missing_parts_note": _(
                    "%(names)s have not sent their part yet: wait for it, or say why you answer now."
                )
                % {"names": "、".join(d.name for d in missing)}
            }
        )
    _move(item, Action.REPLIED, by)
    today = timezone.localdate()
    reply = ItemReply(
        item=item,
        round=item.round,
        department=item.lead_department,
        author=by,
        content=content,
        category=category,
        category_reason=category_reason.strip() if category == ItemReply.Category.C else "",
        missing_parts_note=missing_parts_note.strip() if missing else "",
        deadline=item.deadline,
        on_time=today <= item.deadline,
    )
    reply.full_clean()
    reply.save()
    _attach(item, files, by, reply=reply)
    item.save(update_fields=["state"])
    item_replied.send(sender=SupervisionItem, item=item, reply=reply)
    # The round's deadline reminders (contacts', staff's) and what told the contacts to answer: done.
    settle(key_prefix=deadline_key(item.pk, reply.round))
    settle(key_prefix=f"item:{item.pk}:event:", users=item.lead_department.contacts.all())
    if item.lead_deputy_id and item.lead_deputy.user_id:
        notify(
            user=item.lead_deputy.user,
            key=f"item:{item.pk}:reply:{reply.pk}",
            title=_("The answer to “%(title)s” waits for your rating") % {"title": item.title},
            url=item.get_absolute_url(),
            event=Event.REPLY_TO_RATE,
        )
    return reply


@transaction.atomic
def item_part_reply(*, item: SupervisionItem, by, department: Department, content: str) -> PartReply:
    """An assisting (协办) or jointly handling (会办) department sends the lead department its part of
    the answer, once per handling round; the lead department is told."""
    item = _lock(item)
    if item.state not in SupervisionItem.OPEN_FOR_DEPARTMENT:
        raise ValidationError(_("This item is not waiting for an answer now."))
    helping = (
        item.assisting_departments.filter(pk=department.pk).exists()
        or item.joint_departments.filter(pk=department.pk).exists()
    )
    if not helping or not is_department_contact(by, department):
        raise ValidationError(_("Only a contact of an assisting or jointly handling department can send a part."))
    if not content.strip():
        raise ValidationError({"content": _("Write your part of the answer.")})
    if PartReply.objects.filter(item=item, round=item.round, department=department).exists():
        raise ValidationError(_("This department has already sent its part in this round."))
    part = PartReply.objects.create(item=item, round=item.round, department=department, author=by, content=content)
    settle(key_prefix=f"item:{item.pk}:event:", users=department.contacts.all())  # their part is sent
    event = _record(item, Action.PART_SENT, by, department.name)
    for contact in item.lead_department.contacts.all():
        notify(
            user=contact,
            key=f"item:{item.pk}:event:{event.pk}:{contact.pk}",
            title=_("%(department)s sent its part for “%(title)s”") % {"department": department, "title": item.title},
            url=item.get_absolute_url(),
            event=Event.PART_SENT,
        )
    return part


def _return_for_rehandling(item: SupervisionItem, by, deadline: date, note: str) -> None:
    """Open the next handling round. Its deadline never comes before the one the department had:
    a second handling gives the department more time, not less."""
    if item.deadline and deadline < item.deadline:
        raise ValidationError(
            {
                "new_deadline": _("The second handling cannot end before the first one's deadline (%(date)s).")
                % {"date": f"{item.deadline:%Y-%m-%d}"}
            }
        )
    event = _move(item, Action.RETURNED, by, note)
    item.round += 1
    item.deadline = deadline
    item.save(update_fields=["state", "round", "deadline"])
    _notify_departments(item, event, second=True)


def _evaluate(item: SupervisionItem, rater: str, by, rating: str, comment: str) -> ItemEvaluation:
    if rating not in SatisfactionRating.values:
        raise ValidationError({"rating": _("Choose satisfied, basically satisfied or unsatisfied.")})
    if ItemEvaluation.objects.filter(item=item, round=item.round, rater=rater).exists():
        raise ValidationError(_("This reply has already been rated."))
    if rating == SatisfactionRating.UNSATISFIED and not comment.strip():
        # It goes back to the department for a second handling: they must know what to do better.
        raise ValidationError({"comment": _("Say what is not satisfactory: the department handles it again.")})
    return ItemEvaluation.objects.create(
        item=item, round=item.round, rater=rater, rating=rating, comment=comment, rated_by=by
    )


@transaction.atomic
def item_rate_by_deputy(*, item: SupervisionItem, by, rating: str, comment: str = "") -> SupervisionItem:
    """The lead deputy comments on and rates the reply; unsatisfied sends it back for second handling."""
    item = _lock(item)
    _check(item, Action.RATED_BY_DEPUTY)
    deputy = deputy_for_user(by)
    if item.lead_deputy_id is None or deputy is None or deputy.pk != item.lead_deputy_id:
        raise ValidationError(_("Only the lead deputy of this item can rate the reply."))
    _move(item, Action.RATED_BY_DEPUTY, by, comment)
    _evaluate(item, ItemEvaluation.Rater.DEPUTY, by, rating, comment)
    settle(key_prefix=f"item:{item.pk}:reply:", users=[by])  # "waits for your rating": rated
    item.save(update_fields=["state"])
    if rating == SatisfactionRating.UNSATISFIED:
        new_deadline = max(timezone.localdate() + timedelta(days=rehandling_days()), item.deadline)
        _return_for_rehandling(item, by, new_deadline, _("The lead deputy is not satisfied with the reply."))
    return item


@transaction.atomic
def item_rate_by_committee(
    *, item: SupervisionItem, by, rating: str, comment: str = "", new_deadline: date | None = None
) -> SupervisionItem:
    """The committee's satisfaction rating: satisfied closes the item, unsatisfied returns it.

    With a lead deputy, the committee rates after the deputy; without one, the committee's
    rating is the only one.
    """
    require_staff(by)
    item = _lock(item)
    _check(item, Action.RATED_BY_COMMITTEE)
    if item.state == State.REPLIED and item.lead_deputy_id is not None:
        raise ValidationError(_("Wait for the lead deputy to rate the reply first."))
    if rating == SatisfactionRating.UNSATISFIED:
        _require_future(new_deadline, "new_deadline")
    _move(item, Action.RATED_BY_COMMITTEE, by, comment)
    _evaluate(item, ItemEvaluation.Rater.COMMITTEE, by, rating, comment)
    item.save(update_fields=["state"])
    if rating == SatisfactionRating.UNSATISFIED:
        _return_for_rehandling(item, by, new_deadline, _("The committee is not satisfied with the reply."))
    else:
        _move(item, Action.CLOSED, by)
        item.closed_at = timezone.now()
        item.save(update_fields=["state", "closed_at"])
    return item


@transaction.atomic
def item_note_citizen_rating(*, item: SupervisionItem, comment: str) -> ItemEvent:
    """The citizen behind a forwarded opinion is not satisfied with the answer: it goes on the
    item's timeline, where staff and the department read it (the citizen's name never does)."""
    item = _lock(item)
    return _record(item, Action.CITIZEN_UNSATISFIED, None, comment)


@transaction.atomic
def item_reopen(*, item: SupervisionItem, by, deadline: date | None, reason: str) -> SupervisionItem:
    """Staff open an answered or closed item again for another handling round (the citizen was not
    satisfied). Its deadline never comes before the one the department had; the departments are told."""
    require_staff(by)
    item = _lock(item)
    reason = _require_reason(reason)
    _require_future(deadline)
    if item.deadline and deadline < item.deadline:
        raise ValidationError(
            {
                "deadline": _("The new handling cannot end before the previous deadline (%(date)s).")
                % {"date": f"{item.deadline:%Y-%m-%d}"}
            }
        )
    event = _move(item, Action.REOPENED, by, reason)
    item.round += 1
    item.deadline, item.closed_at = deadline, None
    item.save(update_fields=["state", "round", "deadline", "closed_at"])
    _notify_departments(item, event, second=True)
    return item


@transaction.atomic
def item_change_deadline(*, item: SupervisionItem, by, deadline: date, note: str = "") -> SupervisionItem:
    """Staff move the deadline of an item still waiting for its reply."""
    require_staff(by)
    item = _lock(item)
    if item.state not in SupervisionItem.OPEN_FOR_DEPARTMENT:
        raise ValidationError(_("Only an item waiting for a reply has a deadline to change."))
    _require_future(deadline)
    old = item.deadline
    item.deadline = deadline
    item.save(update_fields=["deadline"])
    _record(item, Action.DEADLINE_CHANGED, by, note or f"{old:%Y-%m-%d} → {deadline:%Y-%m-%d}")
    return item


@transaction.atomic
def item_set_public(*, item: SupervisionItem, by, public: bool) -> SupervisionItem:
    """Publish an answered item (title, content and replies, never names) or withdraw it."""
    require_staff(by)
    item = _lock(item)
    if public and not item.replies.exists():
        raise ValidationError(_("Only an item with a reply can be published."))
    if item.is_public != public:
        item.is_public = public
        item.save(update_fields=["is_public"])
        _record(item, Action.PUBLISHED if public else Action.UNPUBLISHED, by)
    return item
