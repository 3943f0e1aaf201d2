from django.contrib import admin
from django.utils.translation import pgettext_lazy

from common.admin import ServiceAdmin

from . import services
from .models import ChannelDefault, Delivery, mask


@admin.register(ChannelDefault)
class ChannelDefaultAdmin(ServiceAdmin):
    """Staff's default channels per event, for everyone who has not chosen their own."""

    list_display = ("event", "email", "sms", "wecom")
    list_editable = ()

    def save_with_service(self, request, obj, form, change):
        data = form.cleaned_data
        return services.channel_default_set(
            by=request.user, event=data["event"], channels={c for c in ("email", "sms", "wecom") if data[c]}
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read only: a message is sent, retried or given up by the services (and sent again from the
    list of messages sent)."""

    # Addresses are masked and not searchable: the list shows what happened, not a phone book.
    list_display = ("created_at", "channel", "masked_address", "subject", "state", "attempts", "sent_at")
    list_filter = ("state", "channel")
    search_fields = ("subject",)
    exclude = ("address", "secret")
    date_hierarchy = None

    def has_add_permission(self, request):
        return False

    @admin.display(description=pgettext_lazy("message", "address"))
    def masked_address(self, obj):
        return mask(obj.address)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
