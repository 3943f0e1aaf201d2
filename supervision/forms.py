from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.choices import SatisfactionRating
from common.dates import add_months
from common.forms import DateField
from common.uploads import MultipleFileField
from deputies.models import Deputy
from deputies.pickers import PeopleField, PersonField, search_from
from deputies.selectors import deputy_for_user

from .models import Department, ItemReply, SupervisionItem


def deputies_to_name():
    """Who may be named on an item as lead deputy or co-signer: deputies in office."""
    return Deputy.objects.filter(kind=Deputy.Kind.DEPUTY, is_active=True).order_by("name")


class ItemForm(forms.ModelForm):
    """A deputy's suggestion (or, for staff, any kind of item) with its co-signers and files."""

    co_signers = PeopleField(
        label=_("co-signing deputies"),
        queryset=Deputy.objects.none(),
        required=False,
        help_text=_("Each deputy named is asked to agree and appears as co-signer only once they do."),
    )
    files = MultipleFileField(label=_("attachments"), help_text=_("Images, PDF or office files, up to 20 MB each."))

    class Meta:
        model = SupervisionItem
        fields = ["kind", "period", "title", "content", "lead_deputy", "co_signers"]
        field_classes = {"lead_deputy": PersonField}
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        deputies = deputies_to_name()
        own = deputy_for_user(user)
        self.fields["co_signers"].queryset = deputies.exclude(pk=own.pk) if own else deputies
        search_from(self.fields["co_signers"], reverse("supervision:deputy_search"))
        self.fields["period"].required = False
        if not user.is_committee_staff:
            # A deputy files their own suggestion; kind and lead deputy follow from who they are.
            del self.fields["kind"]
            del self.fields["lead_deputy"]
        else:
            self.fields["lead_deputy"].queryset = deputies
            search_from(self.fields["lead_deputy"], reverse("supervision:deputy_search"))
        if self.instance.pk:
            for name in ("kind", "lead_deputy"):
                self.fields.pop(name, None)
            # Everyone asked (agreed or still to answer), not only those who already agreed.
            self.initial["co_signers"] = list(
                self.instance.cosign_requests.exclude(state="withdrawn").values_list("deputy_id", flat=True)
            )


class DepartmentsForm(forms.Form):
    """Who handles an item: its lead department and any assisting ones."""

    lead_department = forms.ModelChoiceField(
        label=_("lead department"), queryset=Department.objects.filter(is_active=True)
    )
    assisting_departments = forms.ModelMultipleChoiceField(
        label=_("assisting departments"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("协办: they send the lead department their part of the answer."),
    )
    joint_departments = forms.ModelMultipleChoiceField(
        label=_("jointly handling departments"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("会办: they share the handling and also send their part to the lead department."),
    )


class AcceptForm(DepartmentsForm):
    """立案: who will handle it and for how long; it is handed over later, at a meeting."""

    handling_months = forms.TypedChoiceField(
        label=_("handling time"),
        coerce=int,
        choices=[(n, _("%(n)s months") % {"n": n}) for n in range(1, 7)],
        initial=3,
        help_text=_("Three months from the hand-over by law; up to six for a wide or hard suggestion."),
    )
    deadline_reason = forms.CharField(label=_("reason for a longer deadline"), max_length=200, required=False)
    supervising_leader = forms.CharField(label=_("supervising leader"), max_length=50, required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "accept_%s")
        super().__init__(*args, **kwargs)


class ReasonForm(forms.Form):
    """Returning or declining a submitted item: the reason the deputy reads."""

    id_prefix = "reason"
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class SendBackForm(ReasonForm):
    id_prefix = "send_back"


class DeclineForm(ReasonForm):
    id_prefix = "decline"


class HandoverForm(forms.Form):
    """One 交办会 or 主任会议: the accepted items it handed over, all at once."""

    name = forms.CharField(
        label=_("meeting"), max_length=100, help_text=_("For example: 第5次主任会议 or 2027年建议交办会.")
    )
    held_on = DateField(label=_("meeting date"))
    note = forms.CharField(label=_("decision"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    items = forms.ModelMultipleChoiceField(
        label=_("items handed over"),
        queryset=SupervisionItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the items the meeting handed over.")},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        self.fields["items"].label_from_instance = lambda item: (
            _("%(ref)s %(title)s → %(department)s, %(months)s months")
            % {
                "ref": item.reference,
                "title": item.title,
                "department": item.lead_department.name if item.lead_department else "",
                "months": item.handling_months,
            }
        )


class AssignForm(DepartmentsForm):
    deadline = DateField(
        label=_("deadline"),
        help_text=_("A suggestion: three months by law, up to six with a reason."),
    )
    deadline_reason = forms.CharField(label=_("reason for a longer deadline"), max_length=200, required=False)
    supervising_leader = forms.CharField(label=_("supervising leader"), max_length=50, required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = add_months(timezone.localdate(), 3)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("The deadline must be after today."))
        return deadline


class ReplyForm(forms.Form):
    content = forms.CharField(label=_("reply"), widget=forms.Textarea(attrs={"rows": 6}))
    category = forms.ChoiceField(
        label=_("classification"), choices=ItemReply.Category.choices, widget=forms.RadioSelect
    )
    category_reason = forms.CharField(
        label=_("why it cannot be solved now"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed for a C."),
    )
    missing_parts_note = forms.CharField(
        label=_("why without every department's part"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when an assisting or jointly handling department has not sent its part."),
    )

    def __init__(self, *args, parts_missing=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not parts_missing:
            del self.fields["missing_parts_note"]

    files = MultipleFileField(label=_("attachments"), help_text=_("Images, PDF or office files, up to 20 MB each."))


class PartForm(forms.Form):
    """An assisting or jointly handling department's part of the answer, for the lead department."""

    content = forms.CharField(label=_("our part of the answer"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "part_%s")
        super().__init__(*args, **kwargs)


class DeputyRatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("rating"), choices=SatisfactionRating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CommitteeRatingForm(DeputyRatingForm):
    new_deadline = DateField(
        label=_("new deadline"),
        required=False,
        help_text=_("Needed when the rating is unsatisfied: the item goes back for second handling."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rating") == SatisfactionRating.UNSATISFIED:
            deadline = cleaned.get("new_deadline")
            if not deadline:
                self.add_error("new_deadline", _("Give a new deadline for the second handling."))
            elif deadline <= timezone.localdate():
                self.add_error("new_deadline", _("The deadline must be after today."))
        return cleaned


class DeadlineForm(forms.Form):
    deadline = DateField(label=_("new deadline"))
    note = forms.CharField(label=_("reason"), required=False, max_length=200)
