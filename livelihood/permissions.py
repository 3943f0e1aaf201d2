"""Who may see and act on what of the livelihood projects: the object, or the same 404."""

from django.http import Http404

from .models import Claim, Project


def access_claimed_project(user, pk: int) -> Project:
    """A project whose 1+1+1 team the login sits on (to file its monthly report)."""
    project = Project.objects.select_related("department").filter(pk=pk).first()
    if project is None or not Claim.objects.filter(project=project, person__user=user).exists():
        raise Http404
    return project
