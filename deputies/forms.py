from django import forms

from .models import DutyReport


class DutyReportForm(forms.ModelForm):
    class Meta:
        model = DutyReport
        fields = ["date", "venue", "audience", "summary", "results", "evaluation", "rating"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "evaluation": forms.Textarea(attrs={"rows": 3}),
        }
