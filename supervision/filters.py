from datetime import date

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from common.converters import MAX_YEAR, MIN_YEAR
from common.dates import between
from common.forms import SearchField
from common.search import search

from .models import Department, SupervisionItem
from .selectors import overdue_q, waiting_q


class SearchFilter(django_filters.CharFilter):
    """Words to find (two characters or more), checked at the field."""

    field_class = SearchField


# "All / yes / no" rather than django-filter's "unknown / yes / no".
YES_NO = forms.Select(choices=[("", _("all")), ("true", _("yes")), ("false", _("no"))])


class ItemFilter(django_filters.FilterSet):
    """The work list's filters: department, state, overdue, kind, period, words."""

    q = SearchFilter(method="search")
    state = django_filters.ChoiceFilter(label=_("state"), choices=SupervisionItem.State.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=SupervisionItem.Kind.choices)
    lead_department = django_filters.ModelChoiceFilter(label=_("lead department"), queryset=Department.objects.all())
    waiting = django_filters.ChoiceFilter(
        label=_("waiting for"),
        method="filter_waiting",
        choices=[
            ("assign", _("review by staff (立案审查)")),
            ("handover", _("a hand-over meeting")),
            ("reply", _("the department's reply")),
            ("deputy_rating", _("the lead deputy's rating")),
            ("committee_rating", _("the committee's rating")),
        ],
    )
    assigned_in = django_filters.NumberFilter(label=_("assigned in (year)"), method="filter_assigned_in")
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="filter_overdue", widget=YES_NO)
    second = django_filters.BooleanFilter(label=_("handled a second time"), method="filter_second", widget=YES_NO)
    created = django_filters.DateFromToRangeFilter(
        label=_("created between"),
        field_name="created_at__date",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = SupervisionItem
        fields = []

    def search(self, queryset, name, value):
        return search(queryset, value, SupervisionItem.SEARCHED)

    def filter_waiting(self, queryset, name, value):
        return queryset.filter(waiting_q(value))

    def filter_assigned_in(self, queryset, name, value):
        # The department summary's definition of "assigned in a year" (its figures link here).
        year = int(value)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return queryset.none()
        return queryset.filter(between("assigned_at", date(year, 1, 1), date(year, 12, 31), moments=True))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

    def filter_second(self, queryset, name, value):
        return queryset.filter(round__gte=2) if value else queryset.filter(round=1)
