"""What every app's admin shares."""

from urllib.parse import quote

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from .forms import apply_service_error
from .paging import CappedPaginator
from .responses import download_name


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records made through the portal, whose services keep the rules: staff read them in the
    admin and act on the portal page.

    These are the long registers (millions of receptions), so the list counts at most
    ``CappedPaginator.cap`` rows and never the whole table a second time for "of N in all"; dates are
    filtered by period (DateFieldListFilter) rather than a date hierarchy, whose year links read every
    row's date."""

    paginator = CappedPaginator
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """The audit history (历史) of a record, to read only.

    django-simple-history's history pages can save an old version back ("revert"), which would put
    a counted vote back to a draft, or a closed item back to handling, around every rule the
    services keep. SIMPLE_HISTORY_REVERT_DISABLED only hides the button; this refuses the post.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


class ServiceAdmin(admin.ModelAdmin):
    """An admin page whose saves go through the app's service, so the admin cannot save what the
    portal would refuse (a shift for someone on leave, an activity with another station's members).

    Subclasses implement ``save_with_service(request, obj, form, change)``, which calls the service
    with the form's cleaned data and returns the saved object. While the form is validated, the
    service runs once in a savepoint that is rolled back, so a refusal shows at its field (or above
    the form) and nothing is written; saving then calls it for real. Relations the form edits are
    the service's to save; inline formsets are saved as usual.
    """

    def save_with_service(self, request, obj, form, change):
        raise NotImplementedError

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        model_admin = self
        change = obj is not None

        class ServiceForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    with transaction.atomic():
                        model_admin.save_with_service(request, self.instance, self, change)
                        transaction.set_rollback(True)
                except ValidationError as error:
                    apply_service_error(self, error)

        return ServiceForm

    def save_model(self, request, obj, form, change):
        saved = self.save_with_service(request, obj, form, change)
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


def confirmed(modeladmin, request, queryset, *, question: str, consequence: str):
    """For an admin action that cannot be undone from a click: the first post shows who is
    chosen and what will happen, with 确认 and 取消 (as Django's own deletion does); returns None
    once confirmed, else the page to show."""
    if request.POST.get("confirmed") == "yes":
        return None
    from django.contrib.admin import helpers
    from django.template.response import TemplateResponse

    context = {
        **modeladmin.admin_site.each_context(request),
        "title": question,
        "question": question,
        "consequence": consequence,
        "objects": list(queryset[:500]),
        "count": queryset.count(),
        "action": request.POST.get("action", ""),
        "select_across": "1" if request.POST.get("select_across") == "1" else "0",
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/action_confirm.html", context)


class SpreadsheetExportMixin:
    """django-import-export's exports named in Chinese: the sheet and the file after what they hold
    (人大代表及议政会成员-20261124.xlsx), dated in Beijing time, instead of "Deputy-2026-11-23" in
    UTC and a sheet called "Tablib Dataset"."""

    def get_export_filename(self, request, queryset, file_format):
        return download_name(str(self.model._meta.verbose_name_plural), extension=file_format.get_extension())

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # import-export writes filename="…" raw (a Chinese name would be MIME-encoded); RFC 6266 instead.
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        name = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        data.title = str(self.model._meta.verbose_name_plural)[:31]
        return data
