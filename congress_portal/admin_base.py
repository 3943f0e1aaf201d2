"""What every app's admin shares (a utility, like ``uploads``)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records made through the portal, whose services keep the rules: staff read them in the
    admin and act on the portal page."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
