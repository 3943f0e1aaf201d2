"""Long exports made in the background, with progress and a download when done.

An app registers an ``Export`` (from its AppConfig.ready(); this app imports none of them): who may
ask for it, how many rows a query string selects, and how to write the file while reporting its
progress. A list's export link downloads at once up to ``AT_ONCE`` rows; beyond that the page asks
to make it in the background (a POST, never a GET), and the person watches the job's page, whose
progress bar reads ``status``. The file is theirs alone; the bell tells them when it is ready.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.xlsx import CONTENT_TYPE as XLSX

from .events import Event
from .models import ExportJob
from .services import notify

logger = logging.getLogger(__name__)

AT_ONCE = 2000  # rows an export link downloads at once; more are made in the background
PROGRESS_EVERY = 500  # rows between two progress writes
STALE_AFTER = timedelta(hours=1)  # an export "being made" this long lost its worker
WAIT_BEFORE_ASKING_AGAIN = timedelta(minutes=1)  # a waiting job's task is queued again after this
KEPT_DAYS = 7  # a person's finished exports older than this go when they ask for another


@dataclass(frozen=True)
class Export:
    key: str
    allowed: Callable  # (user) -> bool
    count: Callable  # (params: QueryDict) -> rows it would write, or None if the params name nothing
    title: Callable  # (params) -> the file's title
    # (params, progress: (rows written) -> None) -> (file name, content)
    write: Callable
    content_type: str = XLSX
    extension: str = "xlsx"
    # (rows) -> what the offer page says of its size; by default "This list has n rows"
    size: Callable | None = None


EXPORTS: dict[str, Export] = {}


def register(*exports: Export) -> None:
    for export in exports:
        EXPORTS[export.key] = export


def export_start(*, by, kind: str, params: QueryDict) -> ExportJob:
    """Ask for an export of ``kind`` with a list's filters; it is made once this transaction commits."""
    export = EXPORTS.get(kind)
    if export is None:
        raise ValidationError(_("There is no such export."))
    if not export.allowed(by):
        raise PermissionDenied
    total = export.count(params)
    if total is None:
        raise ValidationError(_("There is nothing to export."))
    _forget_old(by)
    job = ExportJob.objects.create(
        user=by, kind=kind, params=params.urlencode(), title=export.title(params), total=total
    )
    transaction.on_commit(lambda: queue(job.pk))
    return job


def queue(job_id: int) -> None:
    """Hand the job to a worker; with the broker down it waits, and its page asks again."""
    from .tasks import export_make

    try:
        export_make.delay(job_id)
    except Exception as error:  # kombu's OperationalError and the like: the page queues it again
        logger.warning("Export %s could not be queued (%s); its page will ask again.", job_id, error)


def ask_again_if_stuck(job: ExportJob) -> None:
    """A job still waiting a minute after it was asked for (its task was never queued, or lost),
    or being made for longer than any export takes: queue it again. Making it twice is harmless:
    only one task takes it."""
    now = timezone.now()
    waiting = job.state == ExportJob.State.WAITING and job.created_at < now - WAIT_BEFORE_ASKING_AGAIN
    lost = job.state == ExportJob.State.RUNNING and job.started_at and job.started_at < now - STALE_AFTER
    # once a minute at most, however often the page polls
    if (waiting or lost) and cache.add(f"export-queued-again:{job.pk}", 1, 60):
        queue(job.pk)


def _forget_old(user) -> None:
    """The person's finished exports older than KEPT_DAYS, and their files (after the commit)."""
    old = ExportJob.objects.filter(
        user=user,
        state__in=[ExportJob.State.DONE, ExportJob.State.FAILED],
        created_at__lt=timezone.now() - timedelta(days=KEPT_DAYS),
    )
    files = [job.file for job in old if job.file]
    old.delete()
    transaction.on_commit(lambda: [stored.delete(save=False) for stored in files])


def export_make(job_id: int) -> str:
    """Make the file of a waiting job (the task's body); a job already taken is left alone."""
    # A waiting job, or one "being made" for longer than any export takes (its worker was killed).
    stale = timezone.now() - STALE_AFTER
    taken = (
        ExportJob.objects.filter(pk=job_id)
        .filter(Q(state=ExportJob.State.WAITING) | Q(state=ExportJob.State.RUNNING, started_at__lt=stale))
        .update(state=ExportJob.State.RUNNING, started_at=timezone.now(), done_rows=0)
    )
    if not taken:
        return "taken"
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    export = EXPORTS[job.kind]
    written = 0

    def progress(rows: int) -> None:
        nonlocal written
        if rows - written >= PROGRESS_EVERY:
            written = rows
            ExportJob.objects.filter(pk=job_id).update(done_rows=rows)

    try:
        filename, content = export.write(QueryDict(job.params), progress)
    except BaseException:  # a worker stopped in the middle too: the page must not wait for ever
        ExportJob.objects.filter(pk=job_id).update(state=ExportJob.State.FAILED, finished_at=timezone.now())
        raise
    with transaction.atomic():
        job.file.save(f"export-{job.pk}.{export.extension}", ContentFile(content), save=False)
        ExportJob.objects.filter(pk=job_id).update(
            file=job.file.name,
            filename=filename,
            state=ExportJob.State.DONE,
            done_rows=F("total"),
            finished_at=timezone.now(),
        )
        notify(
            user=job.user,
            key=f"export:{job.pk}",
            title=_("Your export is ready: %(title)s") % {"title": job.title},
            url=reverse("notifications:export", args=[job.pk]),
            event=Event.EXPORT_READY,
        )
    return "done"


def offer(request, kind: str, rows: int, *, back: str, params: QueryDict | None = None):
    """The page that says an export is long and offers to make it in the background: a form that
    posts the list's filters (or ``params``) to ``export_start``."""
    from django.shortcuts import render

    export = EXPORTS[kind]
    if params is None:
        params = request.GET
        back = f"{back}?{params.urlencode()}"
    return render(
        request,
        "notifications/export_offer.html",
        {
            "kind": kind,
            "title": export.title(params),
            "rows": rows,
            "size": export.size(rows) if export.size else "",
            "params": [(name, value) for name, values in params.lists() for value in values],
            "back": back,
        },
    )


def content_type(job: ExportJob) -> str:
    export = EXPORTS.get(job.kind)
    return export.content_type if export else XLSX


def status(job: ExportJob) -> dict:
    """What the job's page shows, as its progress bar reads it."""
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "done": job.done_rows,
        "total": job.total,
        "percent": job.percent,
        "download": reverse("notifications:export_download", args=[job.pk]) if job.state == job.State.DONE else "",
    }
