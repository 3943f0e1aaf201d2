"""Per-object access: the object, or the same 404 whether it is missing or not yours."""

from django.http import Http404

from deputies.selectors import deputy_for_user

from .models import CoSignRequest, Department, ItemAttachment, SupervisionItem
from .selectors import item_detail, items_visible_to


def access_item(user, pk: int) -> SupervisionItem:
    """The item with its detail joins, if ``user`` may see it; otherwise 404."""
    try:
        return item_detail(items_visible_to(user), pk)
    except SupervisionItem.DoesNotExist:
        raise Http404 from None


def access_attachment(user, pk: int) -> ItemAttachment:
    try:
        attachment = ItemAttachment.objects.select_related("item").get(pk=pk)
    except ItemAttachment.DoesNotExist:
        raise Http404 from None
    if not items_visible_to(user).filter(pk=attachment.item_id).exists():
        raise Http404
    return attachment


def access_cosign_request(user, pk: int) -> CoSignRequest:
    """A co-signing request, for the deputy asked (or staff, who record answers given on paper)."""
    request = CoSignRequest.objects.select_related("item", "deputy").filter(pk=pk).first()
    if request is None or not user.is_authenticated:
        raise Http404
    if not (user.is_committee_staff or (request.deputy.user_id and request.deputy.user_id == user.pk)):
        raise Http404
    return request


def is_department_contact(user, department: Department | None) -> bool:
    """Whether ``user`` answers for ``department``."""
    return department is not None and user.is_authenticated and department.contacts.filter(pk=user.pk).exists()


def may_edit_draft(item: SupervisionItem, user) -> bool:
    """Staff, the author or the lead deputy may change and submit a draft."""
    if user.is_committee_staff or item.created_by_id == user.pk:
        return True
    deputy = deputy_for_user(user)
    return deputy is not None and item.lead_deputy_id == deputy.pk


def may_open_source(user, item) -> bool:
    """Whether the page an item came from opens for ``user``, so the item page links to it only
    then: staff always; a forwarded opinion for whoever reads the item (without the citizen); a
    consultation's opinion for the deputies who attended; a special report for staff only."""
    if user.is_committee_staff:
        return True
    if item.kind == item.Kind.CITIZEN_OPINION:
        return True
    if item.kind == item.Kind.CONSULTATION_OPINION:
        return item.followers.filter(user=user).exists()
    return False
