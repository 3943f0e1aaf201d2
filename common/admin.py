"""What every app's admin shares."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records made through the portal, whose services keep the rules: staff read them in the
    admin and act on the portal page."""

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
