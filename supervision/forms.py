from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.choices import SatisfactionRating
from common.forms import DateField
from common.uploads import MultipleFileField
from deputies.models import Deputy
from deputies.selectors import deputy_for_user

from .models import Department, SupervisionItem


class ItemForm(forms.ModelForm):
    """A deputy's suggestion (or, for staff, any kind of item) with its co-signers and files."""

    co_signers = forms.ModelMultipleChoiceField(
        label=_("co-signing deputies"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Each deputy named is asked to agree and appears as co-signer only once they do. "
            "Hold Ctrl (or long-press on a phone) to choose several."
        ),
    )
    files = MultipleFileField(label=_("attachments"), help_text=_("Images, PDF or office files, up to 20 MB each."))

    class Meta:
        model = SupervisionItem
        fields = ["kind", "period", "title", "content", "lead_deputy", "co_signers"]
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        deputies = Deputy.objects.filter(kind=Deputy.Kind.DEPUTY, is_active=True).order_by("name")
        own = deputy_for_user(user)
        self.fields["co_signers"].queryset = deputies.exclude(pk=own.pk) if own else deputies
        self.fields["period"].required = False
        if not user.is_committee_staff:
            # A deputy files their own suggestion; kind and lead deputy follow from who they are.
            del self.fields["kind"]
            del self.fields["lead_deputy"]
        else:
            self.fields["lead_deputy"].queryset = deputies
        if self.instance.pk:
            for name in ("kind", "lead_deputy"):
                self.fields.pop(name, None)
            # Everyone asked (agreed or still to answer), not only those who already agreed.
            self.initial["co_signers"] = list(
                self.instance.cosign_requests.exclude(state="withdrawn").values_list("deputy_id", flat=True)
            )


class AssignForm(forms.Form):
    lead_department = forms.ModelChoiceField(
        label=_("lead department"), queryset=Department.objects.filter(is_active=True)
    )
    assisting_departments = forms.ModelMultipleChoiceField(
        label=_("assisting departments"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    deadline = DateField(label=_("deadline"))
    supervising_leader = forms.CharField(label=_("supervising leader"), max_length=50, required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("The deadline must be after today."))
        return deadline


class ReplyForm(forms.Form):
    content = forms.CharField(label=_("reply"), widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(label=_("attachments"), help_text=_("Images, PDF or office files, up to 20 MB each."))


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
