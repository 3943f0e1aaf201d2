from django import forms

from common.forms import DATE_INPUT, DateField

from .models import DutyReport


class DutyReportForm(forms.ModelForm):
    class Meta:
        model = DutyReport
        fields = ["date", "venue", "audience", "summary", "results", "evaluation", "rating"]
        field_classes = {"date": DateField}
        widgets = {
            "date": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "evaluation": forms.Textarea(attrs={"rows": 3}),
        }
