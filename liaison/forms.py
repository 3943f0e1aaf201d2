from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.choices import SatisfactionRating
from common.forms import DATE_INPUT, DateField, LongSelect, SearchField
from common.phones import is_mobile, mobile_digits
from common.uploads import MultipleFileField
from deputies.models import Deputy
from deputies.pickers import PeopleField, search_from
from supervision.models import Department

from .models import Activity, ArchiveEntry, Category, Opinion, Reception, ShiftAssignment, Station, SubDistrict


class RotaForm(forms.Form):
    start = DateField(label=pgettext_lazy("period", "from"))
    end = DateField(label=_("until"))
    per_shift = forms.IntegerField(label=_("people per shift"), min_value=1, max_value=10, initial=1)


class SwapRequestForm(forms.Form):
    colleague = forms.ModelChoiceField(label=_("colleague"), queryset=Deputy.objects.none())
    in_return = forms.ModelChoiceField(
        label=_("take one of their shifts in return (optional)"),
        queryset=ShiftAssignment.objects.none(),
        required=False,
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, assignment: ShiftAssignment, **kwargs):
        super().__init__(*args, **kwargs)
        station = assignment.shift.station
        self.fields["colleague"].queryset = (
            Deputy.objects.filter(station_membership__station=station, is_active=True)
            .exclude(pk=assignment.deputy_id)
            .order_by("name")
        )
        self.fields["in_return"].queryset = (
            ShiftAssignment.objects.filter(shift__station=station, shift__date__gte=timezone.localdate())
            .exclude(deputy=assignment.deputy)
            .select_related("shift", "deputy")
            .order_by("shift__date")
        )
        self.fields["in_return"].label_from_instance = lambda a: f"{a.shift.date:%Y-%m-%d} {a.deputy.name}"


class ReceptionForm(forms.ModelForm):
    """Logged on a phone in under a minute: most fields have a sensible default."""

    co_receivers = forms.ModelMultipleChoiceField(
        label=_("received together with"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Reception
        fields = [
            "date",
            "station",
            "channel",
            "category",
            "content",
            "action_taken",
            "visitor_name",
            "visitor_phone",
            "visitor_count",
        ]
        field_classes = {"date": DateField}
        widgets = {
            "date": DATE_INPUT,
            "content": forms.Textarea(attrs={"rows": 3}),
            "action_taken": forms.Textarea(attrs={"rows": 2}),
            "visitor_phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def __init__(self, *args, deputy: Deputy, station: Station | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = Station.objects.filter(is_active=True)
        home = station or getattr(getattr(deputy, "station_membership", None), "station", None)
        colleagues = Deputy.objects.filter(is_active=True).exclude(pk=deputy.pk).order_by("name")
        self.fields["co_receivers"].queryset = (
            colleagues.filter(station_membership__station=home) if home else colleagues.none()
        ) | Deputy.objects.filter(pk__in=self.instance.receivers.values("pk") if self.instance.pk else []).exclude(
            pk=deputy.pk
        )
        if not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())
            if home:
                self.initial.setdefault("station", home.pk)
        else:
            self.initial["co_receivers"] = [d.pk for d in self.instance.receivers.all() if d.pk != deputy.pk]


class OpinionLineForm(forms.Form):
    """One opinion raised at the reception; left empty, it is ignored."""

    content = forms.CharField(label=_("opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(
        label=_("category"), choices=[("", _("same as the reception")), *Category.choices], required=False
    )


# At most 20 opinions per reception: more forms than that in a post are refused, not built
# (without absolute_max, Django builds up to 1,000 forms for a forged TOTAL_FORMS).
OpinionLineFormSet = forms.formset_factory(OpinionLineForm, extra=2, max_num=20, absolute_max=20, validate_max=True)


PUBLIC_OPINION_LENGTH = 5000


class PublicOpinionForm(forms.ModelForm):
    # A field people never see: bots fill it in, and their post is dropped without a word.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Opinion
        fields = [
            "station",
            "category",
            "content",
            "photo",
            "location",
            "latitude",
            "longitude",
            "citizen_name",
            "citizen_phone",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 5}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
            "citizen_phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }
        labels = {
            "photo": _("a photo (optional)"),
            "location": _("where is it? (optional)"),
            "citizen_name": _("your name (optional)"),
            "citizen_phone": _("your phone (optional)"),
        }
        help_texts = {
            "photo": _("Only the committee and those handling it see the photo and the place."),
            "location": _("An address or a landmark, e.g. 芳草路与东门街路口."),
            "citizen_phone": _(
                "Only the committee staff see it. With a mobile number you get the tracking code and the answer by text message."
            ),
        }

    # Filled by the phone (geolocation.js), never typed: a position that is not one is dropped, not
    # shown as an error the citizen could not fix.
    latitude = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-geo": "latitude"}))
    longitude = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-geo": "longitude"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stations = Station.objects.filter(is_active=True).select_related("sub_district")
        self.fields["station"].queryset = stations
        # Grouped by 街道, as citizens know them: a city has dozens of stations.
        groups: dict[str, list] = {}
        for station in stations.order_by("sub_district__order", "sub_district__name", "order", "name"):
            place = station.sub_district.name if station.sub_district_id else str(_("other places"))
            groups.setdefault(place, []).append((station.pk, station.name))
        self.fields["station"].choices = [("", _("Choose the station")), *groups.items()]
        # The photo is stored under a random name: the phone's own name may be as long as it likes.
        self.fields["photo"].max_length = None
        # The citizen says what it is about: no category is preset.
        category = self.fields["category"]
        category.choices = [("", _("Choose what it is about")), *Category.choices]
        self.initial["category"] = ""
        content = self.fields["content"]  # an opinion, not a document: the form says so at the field
        content.max_length = PUBLIC_OPINION_LENGTH
        content.validators.append(MaxLengthValidator(PUBLIC_OPINION_LENGTH))
        content.widget.attrs["maxlength"] = PUBLIC_OPINION_LENGTH

    @staticmethod
    def _coordinate(value: str, limit: int):
        try:
            number = Decimal(value).quantize(Decimal("0.000001"))
        except (InvalidOperation, ValueError):
            return None
        return number if number.is_finite() and -limit <= number <= limit else None

    def clean_citizen_phone(self):
        """A landline (0579-87123456) or a mobile; a number starting with 1 is a mobile, so all 11
        digits of it (else the texted tracking code would never arrive)."""
        phone = self.cleaned_data.get("citizen_phone") or ""
        digits = mobile_digits(phone)
        if digits.startswith("1") and not is_mobile(digits):
            raise ValidationError(_("A mobile number has 11 digits, e.g. 13800138000."))
        return digits if is_mobile(digits) else phone  # one form of a mobile, for the text to reach it

    def clean_latitude(self):
        return self._coordinate(self.cleaned_data.get("latitude") or "", 90)

    def clean_longitude(self):
        return self._coordinate(self.cleaned_data.get("longitude") or "", 180)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("tracking code"), max_length=20)


class FeedbackForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(
        label=_("are you satisfied with the answer?"), choices=SatisfactionRating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If you are not satisfied, say what is still not solved: the committee takes it up again."),
    )


class ForwardForm(forms.Form):
    department = forms.ModelChoiceField(label=_("lead department"), queryset=Department.objects.filter(is_active=True))
    deadline = DateField(label=_("deadline"))
    note = forms.CharField(label=_("note"), required=False)


class ReopenForm(forms.Form):
    """Staff take an opinion up again after its citizen was not satisfied with the answer."""

    reason = forms.CharField(label=_("what will be done again"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = DateField(label=_("new deadline"), required=False, help_text=_("For an opinion handed to a department."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "reopen_%s")
        super().__init__(*args, **kwargs)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("answer given"), widget=forms.Textarea(attrs={"rows": 3}))


def station_members(station: Station):
    """Who may be recorded at a station's activity: its members in office."""
    return Deputy.objects.filter(station_membership__station=station, is_active=True).order_by("name")


class ActivityForm(forms.ModelForm):
    attendees = PeopleField(
        label=_("attendees"), queryset=Deputy.objects.none(), help_text=_("The station's members who took part.")
    )

    class Meta:
        model = Activity
        fields = ["date", "kind", "title", "summary", "attendees"]
        field_classes = {"date": DateField}
        widgets = {"date": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, station: Station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = station_members(station)
        search_from(self.fields["attendees"], reverse("liaison:member_search", args=[station.pk]))


class ConsultationForm(forms.Form):
    held_on = DateField(label=_("held on"))
    attendees = forms.ModelMultipleChoiceField(
        label=_("attendees"), queryset=Deputy.objects.filter(is_active=True), widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(label=_("minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["attendees"].queryset = candidates


class ConsultationOpinionForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 4}))
    department = forms.ModelChoiceField(label=_("lead department"), queryset=Department.objects.filter(is_active=True))
    deadline = DateField(label=_("deadline"))


class RegisterFilterForm(forms.Form):
    start = DateField(label=pgettext_lazy("period", "from"), required=False)
    end = DateField(label=_("until"), required=False)
    deputy = forms.ModelChoiceField(label=_("deputy"), queryset=Deputy.objects.none(), required=False)

    def __init__(self, *args, station: Station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = Deputy.objects.filter(station_membership__station=station).order_by("name")


class ReceptionSearchForm(forms.Form):
    """The reception list's search box."""

    q = SearchField()


SMALL_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d")


class OpinionInboxFilter(forms.Form):
    """The opinion inbox's filters: words, state, sub-district, station and period."""

    q = SearchField()
    state = forms.ChoiceField(
        label=_("state"),
        choices=[("", _("every state")), *Opinion.State.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": _("state")}),
    )
    station = forms.ModelChoiceField(
        label=_("station"),
        queryset=Station.objects.order_by("order", "name"),
        required=False,
        empty_label=_("every station"),
        widget=LongSelect(attrs={"class": "form-select form-select-sm", "aria-label": _("station")}),
    )
    sub_district = forms.ModelChoiceField(
        label=_("sub-district"),
        queryset=SubDistrict.objects.all(),
        required=False,
        empty_label=_("every sub-district"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": _("sub-district")}),
    )
    start = DateField(label=pgettext_lazy("period", "from"), required=False, widget=SMALL_DATE)
    end = DateField(label=_("until"), required=False, widget=SMALL_DATE)

    unsatisfied = forms.BooleanField(
        label=_("citizen not satisfied"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def filters(self) -> dict:
        """What the valid filters ask for (an invalid one is ignored, and shown at its field)."""
        if not self.is_bound or not self.is_valid():
            return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ArchiveEntryForm(forms.ModelForm):
    """An entry of the station's archive (一档), with images and files to add."""

    files = MultipleFileField(
        label=_("images and files"), help_text=_("Images, PDF or office files, up to 20 MB each.")
    )

    class Meta:
        model = ArchiveEntry
        fields = ["section", "year", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


class SpecialReportScopeForm(forms.Form):
    """What a 议事专报 is about: a period, optionally a sub-district or station, and a subject."""

    start = DateField(label=_("first day"))
    end = DateField(label=_("last day"))
    sub_district = forms.ModelChoiceField(
        label=_("sub-district"), queryset=SubDistrict.objects.all(), required=False, empty_label=_("all")
    )
    station = forms.ModelChoiceField(
        label=_("station"),
        queryset=Station.objects.order_by("order", "name"),
        required=False,
        empty_label=_("all"),
        widget=LongSelect,
    )
    category = forms.ChoiceField(label=_("category"), choices=[("", _("all")), *Category.choices], required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end comes before the start."))
        return cleaned


class SpecialReportForm(forms.Form):
    """The report itself: its title, the chosen opinions and staff's analysis."""

    title = forms.CharField(label=_("title"), max_length=200)
    opinions = forms.ModelMultipleChoiceField(
        label=_("opinions"),
        queryset=Opinion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the opinions the report is about.")},
    )
    analysis = forms.CharField(label=_("analysis and suggestions"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, opinions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinions"].queryset = opinions
        self.fields["opinions"].label_from_instance = lambda o: f"{o.date:%m-%d} {o.station.name}：{o.content[:80]}"


class SpecialReportDecisionForm(forms.Form):
    meeting = forms.CharField(label=_("meeting"), max_length=100)
    decided_on = DateField(label=_("decided on"))
    decision = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 3}))


class SpecialReportItemForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 3}))
    department = forms.ModelChoiceField(label=_("lead department"), queryset=Department.objects.filter(is_active=True))
    deadline = DateField(label=_("deadline"))
