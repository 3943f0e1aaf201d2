from django import forms
from django.utils.translation import gettext_lazy as _

from common.choices import SatisfactionRating
from common.forms import DATE_INPUT, DateField

from .models import DutyReport


class DutyReportForm(forms.ModelForm):
    class Meta:
        model = DutyReport
        fields = ["date", "venue", "audience", "attendance", "summary", "results"]
        field_classes = {"date": DateField}
        widgets = {
            "date": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 3}),
        }


class VoterRatingForm(forms.Form):
    """A voter's 评 of a 述职, on their phone through the meeting's QR code."""

    phone = forms.CharField(
        label=_("your mobile number"),
        max_length=20,
        help_text=_("Only to make sure each voter rates once; it is not kept or shown."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    rating = forms.ChoiceField(label=_("your rating"), choices=SatisfactionRating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("comment"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class PaperRatingForm(forms.Form):
    """A paper slip handed in at the 述职, entered by staff."""

    slip = forms.CharField(label=_("paper slip number"), max_length=20)
    rating = forms.ChoiceField(label=_("rating"), choices=SatisfactionRating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("comment"), required=False, max_length=500)
