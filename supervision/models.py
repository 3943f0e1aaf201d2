from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import User
from common.choices import SatisfactionRating
from common.uploads import UNKNOWN, content_type_of, validate_upload
from deputies.models import Deputy, phone_validator


class DepartmentContact(User):
    """A login seen as a department's contact: the admin's page for importing contacts from Excel."""

    class Meta:
        proxy = True
        verbose_name = _("department contact")
        verbose_name_plural = _("department contacts")


class Department(models.Model):
    """A department the committee hands work to: an internal office or an outside handling unit."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("responsible office")
        HANDLING_UNIT = "handling_unit", _("handling unit")

    name = models.CharField(pgettext_lazy("thing", "name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True, validators=[phone_validator])
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact accounts"),
        blank=True,
        related_name="departments",
        help_text=_("Logins that see and answer what is handed to this department."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    # Audit history: who changed what, when (admin → 历史).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class Handover(models.Model):
    """A 交办会 or 主任会议 that decided to hand a batch of accepted items to their departments.
    Each item's deadline runs from the meeting's date."""

    name = models.CharField(
        _("meeting"), max_length=100, help_text=_("For example: 第5次主任会议 or 2027年建议交办会.")
    )
    held_on = models.DateField(_("meeting date"))
    note = models.TextField(_("decision"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("hand-over meeting")
        verbose_name_plural = _("hand-over meetings")

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.name}"

    def get_absolute_url(self):
        return reverse("supervision:handover_detail", args=[self.pk])


class SupervisionItem(models.Model):
    """Anything the committee hands to a department, tracked until it is answered and rated (督办).

    Deputies' suggestions, forwarded citizen opinions, month-end consultation opinions and
    rectification items all share this one life; the state only changes through the services.
    """

    SEARCHED = ("title", "content")  # staff search's words (common/search.py, migration 0010)

    class Kind(models.TextChoices):
        DEPUTY_SUGGESTION = "deputy_suggestion", _("deputy's suggestion, criticism or opinion")
        CITIZEN_OPINION = "citizen_opinion", _("forwarded citizen opinion")
        CONSULTATION_OPINION = "consultation_opinion", _("consultation supervision opinion")
        RECTIFICATION = "rectification", _("rectification item")
        SPECIAL_REPORT = "special_report", _("item decided on a special report (议事专报)")

    class Period(models.TextChoices):
        SESSION = "session", _("during a congress session")
        RECESS = "recess", _("between sessions")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT_BACK = "sent_back", _("returned for revision")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted, waiting to be handed over")
        DECLINED = "declined", _("not accepted; answered as an opinion")
        ASSIGNED = "assigned", _("accepted and assigned")
        HANDLING = "handling", _("being handled")
        REPLIED = "replied", _("replied")
        RATED = "rated", _("rated")
        CLOSED = "closed", _("closed")

    # States in which the author may still change the text and submit it (again).
    EDITABLE = (State.DRAFT, State.SENT_BACK)
    # States in which the lead department owes a reply; past the deadline they are overdue.
    OPEN_FOR_DEPARTMENT = (State.ASSIGNED, State.HANDLING)

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.DEPUTY_SUGGESTION)
    period = models.CharField(_("raised"), max_length=10, choices=Period.choices, blank=True)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    lead_deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("lead deputy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_items",
        help_text=_("The deputy who raised it; they rate the reply."),
    )
    # Only those who agreed (see CoSignRequest): being named is not co-signing.
    co_signers = models.ManyToManyField(
        Deputy, verbose_name=_("co-signing deputies"), blank=True, related_name="co_signed_items"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="created_items",
    )
    # The deputies who started it without leading it: who collected the citizen's opinion at the
    # station, who attended the consultation that issued it. They read it as it goes.
    followers = models.ManyToManyField(Deputy, verbose_name=_("followed by"), blank=True, related_name="followed_items")
    # Where it came from (a reception's opinion, a consultation, an inspection). A generic link,
    # because those live in apps that import this one, never the reverse.
    source_content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    source_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_content_type", "source_object_id")
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_items",
    )
    # 主办 / 协办 / 会办: the lead department answers the deputy; assisting (协办) and jointly handling
    # (会办) departments each send the lead their part of the answer (PartReply) first.
    assisting_departments = models.ManyToManyField(
        Department, verbose_name=_("assisting departments"), blank=True, related_name="assisted_items"
    )
    joint_departments = models.ManyToManyField(
        Department, verbose_name=_("jointly handling departments"), blank=True, related_name="joint_items"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # The handling time in months, chosen at 立案 and turned into a deadline when the item is handed
    # over: three by default, up to six for a wide or hard item, with the reason.
    handling_months = models.PositiveSmallIntegerField(
        _("handling time (months)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    deadline_reason = models.CharField(
        _("reason for a longer deadline"),
        max_length=200,
        blank=True,
        help_text=_("Needed when a suggestion gets more than three months."),
    )
    handover = models.ForeignKey(
        "Handover",
        verbose_name=_("handed over at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    supervising_leader = models.CharField(
        _("supervising leader"),
        max_length=50,
        blank=True,
        help_text=_("The leader who personally supervises it (领衔督办)."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    round = models.PositiveSmallIntegerField(_("handling round"), default=1, help_text=_("2 or more: handled again."))
    is_public = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # Audit history: who changed what, when (admin → 历史).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        indexes = [
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["lead_department", "state"]),
            models.Index(fields=["kind", "state"]),
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["assigned_at"]),
            models.Index(fields=["source_content_type", "source_object_id"]),
            # The public list reads only published items, newest first: a small index of them alone.
            models.Index(fields=["-submitted_at", "-id"], condition=Q(is_public=True), name="item_public_newest"),
            # The department summary's overdue items: the open ones alone, with what it groups by.
            models.Index(
                fields=["deadline"],
                include=["lead_department", "assigned_at"],
                condition=Q(state__in=["assigned", "handling"]),
                name="item_open_deadline",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(round__gte=1), name="item_round_positive"),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "sent_back", "submitted", "declined"])
                | Q(lead_department__isnull=False),
                name="item_accepted_has_department",
                violation_error_message=_("An accepted item needs its lead department."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "sent_back", "submitted", "accepted", "declined"])
                | Q(lead_department__isnull=False, deadline__isnull=False),
                name="item_assigned_has_department_and_deadline",
                violation_error_message=_("An assigned item needs a lead department and a deadline."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("supervision:item_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """The number staff quote on paper: DB + year + sequence."""
        return f"DB{timezone.localtime(self.created_at).year}-{self.pk or 0:05d}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.state in self.OPEN_FOR_DEPARTMENT
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )


class CoSignRequest(models.Model):
    """A deputy asked to co-sign a suggestion (附议). They appear as co-signer only once they agree;
    a suggestion cannot be submitted while anyone it names has not answered."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        AGREED = "agreed", _("agreed to co-sign")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn by the author")

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="cosign_requests")
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="cosign_requests"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("co-signing request")
        verbose_name_plural = _("co-signing requests")
        constraints = [models.UniqueConstraint(fields=["item", "deputy"], name="one_cosign_request_per_deputy")]
        indexes = [models.Index(fields=["deputy", "state"])]

    def __str__(self):
        return f"{self.item_id}: {self.deputy_id} {self.state}"


class ItemEvent(models.Model):
    """One step of an item's timeline: who did what, when, from which state to which."""

    class Action(models.TextChoices):
        CREATED = "created", _("drafted")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted (立案)")
        SENT_BACK = "sent_back", _("returned to the deputy for revision")
        DECLINED = "declined", _("not accepted (不予立案)")
        ASSIGNED = "assigned", _("accepted and assigned")
        HANDED_OVER = "handed_over", _("handed over at a meeting")
        PART_SENT = "part_sent", _("an assisting department sent its part")
        CITIZEN_UNSATISFIED = "citizen_unsatisfied", _("the citizen is not satisfied with the answer")
        REOPENED = "reopened", _("reopened by the committee")
        HANDLING_STARTED = "handling_started", _("received by the department")
        REPLIED = "replied", _("replied")
        RATED_BY_DEPUTY = "rated_by_deputy", _("rated by the lead deputy")
        RATED_BY_COMMITTEE = "rated_by_committee", _("rated by the committee")
        RETURNED = "returned", _("returned for second handling")
        CLOSED = "closed", _("closed")
        DEADLINE_CHANGED = "deadline_changed", _("deadline changed")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("withdrawn from the public")

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    from_state = models.CharField(
        pgettext_lazy("state", "from"), max_length=20, choices=SupervisionItem.State.choices, blank=True
    )
    to_state = models.CharField(
        pgettext_lazy("state", "to"), max_length=20, choices=SupervisionItem.State.choices, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")

    def __str__(self):
        return f"{self.item_id} {self.action}"


class ItemReply(models.Model):
    """The lead department's answer in one handling round."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField(_("handling round"))
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("replied by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Category(models.TextChoices):
        A = "A", _("A: solved or basically solved")
        B = "B", _("B: being solved or planned")
        C = "C", _("C: cannot be solved for now")

    content = models.TextField(_("reply"))
    # The department classifies every reply (A/B/C); a C says why it cannot be solved now.
    category = models.CharField(_("classification"), max_length=1, choices=Category.choices, blank=True)
    category_reason = models.TextField(_("why it cannot be solved now"), blank=True)
    # When an assisting or jointly handling department had not sent its part: why the lead answered.
    missing_parts_note = models.TextField(_("why without every department's part"), blank=True)
    deadline = models.DateField(_("deadline then"))
    on_time = models.BooleanField(_("on time"))
    created_at = models.DateTimeField(_("replied at"), default=timezone.now)

    class Meta:
        ordering = ["round"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [models.UniqueConstraint(fields=["item", "round"], name="one_reply_per_round")]

    def __str__(self):
        return f"{self.item_id} #{self.round}"


class PartReply(models.Model):
    """An assisting (协办) or jointly handling (会办) department's part of the answer, sent to the lead
    department in one handling round. Only the lead department and staff read it, besides its own."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="parts")
    round = models.PositiveSmallIntegerField(_("handling round"))
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    content = models.TextField(_("our part of the answer"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["round", "created_at", "pk"]
        verbose_name = _("part of the answer")
        verbose_name_plural = _("parts of the answer")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "round", "department"],
                name="one_part_per_department_per_round",
                violation_error_message=_("This department has already sent its part in this round."),
            )
        ]

    def __str__(self):
        return f"{self.item_id} #{self.round} {self.department_id}"


class ItemEvaluation(models.Model):
    """One of the 双评: the lead deputy's comment and rating, or the committee's rating, per round."""

    class Rater(models.TextChoices):
        DEPUTY = "deputy", _("lead deputy")
        COMMITTEE = "committee", _("committee")

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="evaluations")
    round = models.PositiveSmallIntegerField(_("handling round"))
    rater = models.CharField(_("rated by"), max_length=10, choices=Rater.choices)
    rating = models.CharField(_("rating"), max_length=20, choices=SatisfactionRating.choices)
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        ordering = ["round", "rated_at", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "round", "rater"],
                name="one_evaluation_per_rater_per_round",
                violation_error_message=_("This reply has already been rated."),
            )
        ]

    def __str__(self):
        return f"{self.item_id} #{self.round} {self.rater}: {self.rating}"


def attachment_path(instance, filename):
    return f"supervision/{timezone.localdate():%Y/%m}/{filename}"


class ItemAttachment(models.Model):
    """A file on an item, or on one of its replies. Served only through a permission check."""

    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="attachments")
    reply = models.ForeignKey(ItemReply, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, validators=[validate_upload])
    name = models.CharField(_("file name"), max_length=200)
    # Fixed from the file's content when it is saved; the file is always served as this type.
    content_type = models.CharField(_("file type"), max_length=100, editable=False, default=UNKNOWN)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.file and (self._state.adding or self.content_type == UNKNOWN):
            self.content_type = content_type_of(self.file)
        super().save(*args, **kwargs)


class DepartmentMonthCount(models.Model):
    """The department summary's figures for the items a lead department was assigned in one month:
    a rollup kept in step with the items, replies and ratings by ``deputies.rollups`` (the same
    marks and recount as the duty counts), so a year's summary adds up twelve rows per department
    instead of joining a year's items with their replies and ratings. Overdue items are not here:
    an item becomes overdue with the passing of days, not with a write."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    assigned = models.PositiveIntegerField(default=0)
    second = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    replied = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    category_a = models.PositiveIntegerField(default=0)
    category_b = models.PositiveIntegerField(default=0)
    category_c = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)

    FIGURES = (
        "assigned",
        "second",
        "closed",
        "replied",
        "on_time",
        "category_a",
        "category_b",
        "category_c",
        "rated",
        "satisfied",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "department"], name="department_month_once")]

    def __str__(self):
        return f"{self.department_id} {self.month:%Y-%m}: {self.assigned}"
