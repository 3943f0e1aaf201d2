from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.choices import SatisfactionRating
from common.converters import MAX_YEAR, MIN_YEAR
from common.forms import DateField, validate_portal_date
from common.uploads import MultipleFileField
from deputies.models import Deputy
from deputies.pickers import PeopleField, PersonField, search_from
from supervision.models import Department

from .models import Claim, Inspection, MonthlyReport, Project, Vote, VoteChoice


class BallotForm(forms.Form):
    """One field per candidate: for / against / abstain, or a tick in pick mode."""

    def __init__(self, *args, vote: Vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        for candidate in vote.candidates.all():
            name = f"c{candidate.pk}"
            if vote.mode == Vote.Mode.EACH:
                self.fields[name] = forms.ChoiceField(
                    label=_("your choice"), choices=VoteChoice.choices, widget=forms.RadioSelect
                )
            else:
                self.fields[name] = forms.BooleanField(label=_("choose this project"), required=False)
            self.fields[name].candidate = candidate

    def choices(self) -> dict[int, str]:
        result = {}
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if self.vote.mode == Vote.Mode.EACH:
                result[field.candidate.pk] = value
            elif value:
                result[field.candidate.pk] = VoteChoice.FOR
        return result


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("receipt code"), max_length=20)


class ReportForm(forms.ModelForm):
    month = forms.DateField(
        label=_("month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        validators=[validate_portal_date],
    )
    photos = MultipleFileField(label=_("photos"), help_text=_("Images, PDF or office files, up to 20 MB each."))

    class Meta:
        model = MonthlyReport
        fields = ["month", "progress", "against_plan", "management", "performance", "problems"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ("management", "performance", "problems")}

    # Shown when a figure is lower than last month's: progress rarely goes back, so say it is meant.
    lower_confirmed = forms.BooleanField(
        label=_("Yes, the progress is lower than last month's"), required=False, widget=forms.HiddenInput()
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("month", timezone.localdate().replace(day=1))
        self.sub_items = list(project.sub_items.all())
        # Last month's figures, to start from (and to compare with).
        self.last = project.reports.order_by("-month").prefetch_related("sub_progress").first()
        last_sub = {p.sub_item_id: p.progress for p in self.last.sub_progress.all()} if self.last else {}
        if self.last and not self.is_bound:
            self.initial.setdefault("progress", self.last.progress)
            self.initial.setdefault("against_plan", self.last.against_plan)
        self.last_figures = {"progress": self.last.progress if self.last else None}
        if self.sub_items:
            # With sub-items, the project's progress is their weighted average.
            self.fields["progress"].required = False
            self.fields["progress"].widget = forms.HiddenInput()
            for s in self.sub_items:
                self.fields[f"sub{s.pk}"] = forms.IntegerField(
                    label=_("%(title)s progress %%") % {"title": s.title},
                    min_value=0,
                    max_value=100,
                    initial=last_sub.get(s.pk),
                )
                self.last_figures[f"sub{s.pk}"] = last_sub.get(s.pk)

    def clean(self):
        data = super().clean()
        lower = [
            name
            for name, before in self.last_figures.items()
            if before is not None and data.get(name) is not None and data[name] < before
        ]
        if lower and not data.get("lower_confirmed"):
            for name in lower:
                self.add_error(
                    name,
                    _("Lower than last month's %(before)s%%: if that is right, tick “%(confirm)s”.")
                    % {"before": self.last_figures[name], "confirm": self.fields["lower_confirmed"].label},
                )
            self.fields["lower_confirmed"].widget = forms.CheckboxInput()
        return data

    def sub_progress(self) -> dict[int, int]:
        return {s.pk: self.cleaned_data[f"sub{s.pk}"] for s in self.sub_items}


def people_in_office():
    """Who may take a seat of a project's 1+1+1 team: everyone in office."""
    return Deputy.objects.filter(is_active=True).order_by("name")


def electors(vote: Vote):
    """Who may have voted on paper: the vote's electorate."""
    return Deputy.objects.filter(electorates__vote=vote).order_by("name")


class ClaimAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("seat"), choices=Claim.Role.choices)
    person = PersonField(label=_("person"), queryset=people_in_office())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        search_from(self.fields["person"], reverse("livelihood:people_search"))


class CardForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=MIN_YEAR, max_value=MAX_YEAR)
    quarter = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=4)
    colour = forms.ChoiceField(label=_("card"), choices=Project.Card.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Inspection.Kind.choices)
    day = DateField(label=_("date"))
    findings = forms.CharField(label=_("findings"), widget=forms.Textarea(attrs={"rows": 4}))
    rectification = forms.CharField(label=_("rectification item (optional)"), required=False, max_length=200)
    department = forms.ModelChoiceField(
        label=_("responsible department"), queryset=Department.objects.filter(is_active=True), required=False
    )
    deadline = DateField(label=_("deadline"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("rectification") and not data.get("deadline"):
            self.add_error("deadline", _("A rectification item needs a deadline."))
        return data


class PaperTallyForm(forms.Form):
    voters = PeopleField(label=_("who voted on paper"), queryset=Deputy.objects.none())
    sheet = forms.FileField(label=_("tally sheet (scan)"), required=False)

    def __init__(self, *args, vote: Vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.fields["voters"].queryset = electors(vote)
        search_from(self.fields["voters"], reverse("livelihood:elector_search", args=[vote.pk]))
        for c in vote.candidates.all():
            for key, label in (("for", _("for")), ("against", _("against")), ("abstain", _("abstain"))):
                if vote.mode == Vote.Mode.PICK and key != "for":
                    continue
                self.fields[f"{key}{c.pk}"] = forms.IntegerField(label=f"{c.title} · {label}", min_value=0, initial=0)

    def columns(self) -> list[str]:
        """The grid's columns: 赞成 / 反对 / 弃权, or only 赞成 when electors pick projects."""
        if self.vote.mode == Vote.Mode.PICK:
            return [_("for")]
        return [_("for"), _("against"), _("abstain")]

    def grid(self) -> list[tuple]:
        """One row per candidate with its count fields, as the tally sheet on paper."""
        keys = ("for",) if self.vote.mode == Vote.Mode.PICK else ("for", "against", "abstain")
        return [(c, [self[f"{key}{c.pk}"] for key in keys]) for c in self.vote.candidates.all()]

    def lines(self) -> dict[int, tuple[int, int, int]]:
        return self.lines_of(self.vote, self.cleaned_data)

    @staticmethod
    def lines_of(vote, data) -> dict[int, tuple[int, int, int]]:
        """{candidate id: (for, against, abstain)} from the sheet's cells."""
        return {
            c.pk: (data.get(f"for{c.pk}") or 0, data.get(f"against{c.pk}") or 0, data.get(f"abstain{c.pk}") or 0)
            for c in vote.candidates.all()
        }


class TieForm(forms.Form):
    chosen = forms.ModelMultipleChoiceField(
        label=_("adopt"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, vote: Vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = vote.candidates.filter(tied=True)


class SatisfactionForm(forms.Form):
    def __init__(self, *args, projects, current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        for p in projects:
            self.fields[f"p{p.pk}"] = forms.ChoiceField(
                label=p.title,
                choices=SatisfactionRating.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=current.get(p.pk),
            )
            self.fields[f"p{p.pk}"].project = p

    def ratings(self) -> dict:
        """{project: rating} for every project rated on the form."""
        return {
            field.project: self.cleaned_data[name] for name, field in self.fields.items() if self.cleaned_data.get(name)
        }
