def unread_notifications(request):
    """The bell's count on every portal page: one indexed count for a logged-in user, none otherwise."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .services import unread_count

    return {"unread_notifications": unread_count(user)}
