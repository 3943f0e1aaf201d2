"""Searchable pickers for long lists (a city's 50,000 people): the page holds only the options
already chosen, and the browser asks the server for matches as one types (Tom Select, vendored;
static/js/pickers.js). A page with a picker so costs the same at 50 people or 50,000, and nobody
scrolls a list of hundreds of names holding Ctrl.

Django's admin has the same idea (``AutocompleteSelect``), but it is bound to a ModelAdmin and
to admin permissions deputies do not have; this is the same few lines for the portal's pages."""

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_ratelimit.decorators import ratelimit

LIMIT = 20  # matches sent per request


def searches_per_hour(group, request) -> str:
    """Searches per login and hour (PICKER_SEARCHES_PER_HOUR): plenty for typing names (a keystroke
    is a search), not for paging through everyone's names and posts by script."""
    return settings.PICKER_SEARCHES_PER_HOUR


class SearchSelectMixin:
    """A select whose options come from ``url`` as one types; rendered with the chosen ones only."""

    def __init__(self, url: str = "", attrs=None):
        super().__init__(attrs)
        self.url = url

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.update(
            {
                "data-search-url": str(self.url),
                "data-placeholder": str(_("Type a name to search")),
                "data-no-results": str(_("No one of that name")),
                "data-loading": str(_("Searching…")),
            }
        )
        return attrs

    def optgroups(self, name, value, attrs=None):
        """Only the chosen options (one query), never the whole queryset."""
        # ASCII digits only: "²" or "١٢" pass isdigit() but are no id (a 500, or someone else shown)
        chosen = [s for s in map(str, value) if s.isascii() and s.isdigit() and len(s) < 19]
        group = []
        if not self.is_required and not self.allow_multiple_selected:
            group.append(self.create_option(name, "", "", False, 0))
        field = self.choices.field
        for obj in self.choices.queryset.filter(pk__in=chosen) if chosen else []:
            group.append(self.create_option(name, obj.pk, field.label_from_instance(obj), True, len(group)))
        return [(None, group, 0)]

    class Media:
        css = {"all": ["vendor/tom-select/tom-select.bootstrap5.min.css"]}
        js = ["vendor/tom-select/tom-select.complete.min.js", "js/pickers.js"]


class SearchSelect(SearchSelectMixin, forms.Select):
    pass


class SearchSelectMultiple(SearchSelectMixin, forms.SelectMultiple):
    pass


class SearchView(LoginRequiredMixin, View):
    """``?q=`` → ``{"results": [{"value", "text"}]}``: at most ``LIMIT`` matches of ``get_queryset()``."""

    def handle_no_permission(self):
        """A JSON endpoint answers 403 in JSON (what pickers.js reads), not a login page."""
        return JsonResponse({"results": [], "error": str(_("Please sign in again."))}, status=403)

    def get_queryset(self):
        raise NotImplementedError

    def search(self, queryset, query: str):
        raise NotImplementedError

    def label(self, obj) -> str:
        return str(obj)

    # One budget per login across every picker (group): a script cannot multiply it by the pickers.
    @method_decorator(ratelimit(group="picker-search", key="user", rate=searches_per_hour, method="GET", block=False))
    def get(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            return JsonResponse(
                {"results": [], "error": str(_("Too many searches: try again in a while."))}, status=429
            )
        query = request.GET.get("q", "").strip()[:50]
        queryset = self.get_queryset()
        if query:
            queryset = self.search(queryset, query)
        results = [{"value": str(obj.pk), "text": self.label(obj)} for obj in queryset[:LIMIT]]
        return JsonResponse({"results": results})
