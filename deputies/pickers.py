"""People pickers for other apps' forms: a person's label, the fields, and the search view they call
(common/pickers.py does the searching; this says who a person is in a list of 50,000)."""

from django import forms

from common.pickers import SearchSelect, SearchSelectMultiple, SearchView

from .models import Deputy


def person_label(deputy: Deputy) -> str:
    """How a person reads in a picker: the name, and the post to tell two of one name apart."""
    post = deputy.occupation[:24] + ("…" if len(deputy.occupation) > 24 else "")
    return f"{deputy.name}（{post}）" if post else deputy.name


class PersonField(forms.ModelChoiceField):
    """One person, picked by typing a name (``url``: a ``PeopleSearchView`` over the same people)."""

    widget = SearchSelect

    def label_from_instance(self, obj):
        return person_label(obj)


class PeopleField(forms.ModelMultipleChoiceField):
    """Several people, picked by typing names."""

    widget = SearchSelectMultiple

    def label_from_instance(self, obj):
        return person_label(obj)


def search_from(field: forms.ModelChoiceField, url: str) -> None:
    """Point a picker at the page that searches the field's people."""
    field.widget.url = url


class PeopleSearchView(SearchView):
    """Names containing what was typed, in name order; subclasses say which people and who may ask."""

    def search(self, queryset, query):
        return queryset.filter(name__contains=query)

    def label(self, obj):
        return person_label(obj)
