"""Form pieces every app's forms use."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .converters import MAX_YEAR, MIN_YEAR

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def validate_portal_date(value) -> None:
    """A date in the years the portal keeps records for (a typo like 9999-12-01 is caught here)."""
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}, code="date_range"
        )


class DateField(forms.DateField):
    """A date picked on a phone or desktop, within the portal's years."""

    widget = DATE_INPUT
    default_validators = [validate_portal_date]


def apply_service_error(form, error: ValidationError) -> None:
    """Show a service's refusal at the field it concerns, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class SearchField(forms.CharField):
    """The search box of a staff list: words of two characters or more (see ``common.search``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("search"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"type": "search", "class": "form-control form-control-sm", "placeholder": _("Words to find")}
            ),
        )
        super().__init__(**kwargs)

    def validate(self, value):
        from .search import usable

        super().validate(value)
        if value and not usable(value):
            raise ValidationError(_("Type at least two characters (a word, not a single character)."), code="short")


class LongSelect(forms.Select):
    """A single <select> of many options (a city's 1,500 stations in a list's filter) written in one
    pass, each value and label escaped by the standard library's ``html.escape`` (the same five
    characters as Django's ``escape``). Django's Select renders every option through its own
    template, and even ``format_html`` per option costs 0.1 ms: a fifth of a second for 1,500
    stations, most of a search page's time at Quzhou scale. The same markup: the attributes the
    form and BoundField give (id, aria-*, required), the chosen value selected."""

    def render(self, name, value, attrs=None, renderer=None):
        from html import escape

        from django.forms.utils import flatatt
        from django.utils.safestring import mark_safe

        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(str(v))}"{" selected" if str(v) in chosen else ""}>{escape(str(label))}</option>'
            for v, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))  # flatatt escapes the attributes
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # every piece escaped above
