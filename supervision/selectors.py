"""Reads of departments and what is handed to them."""

from .models import Department


def departments_of_contact(user) -> list[Department]:
    """The departments a login answers for."""
    if not user.is_authenticated:
        return []
    return list(Department.objects.filter(contacts=user, is_active=True))
