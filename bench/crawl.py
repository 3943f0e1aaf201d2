#!/usr/bin/env python
"""Crawl every staff, deputy and admin page over the benchmark data and list the slow ones.

    .venv/bin/python bench/crawl.py --scale quzhou            # after bench/run.py loaded it
    .venv/bin/python bench/crawl.py --scale quzhou --only liaison: --repeat 3

Every named URL of the portal is asked for with GET, as staff and as the demo deputy, with its
arguments filled from the heaviest real rows (the station with the hot month, the demo deputy,
the benchmark project and vote, the largest group); every model of the admin is asked for its
list, its add form and an object's change form. Each page is asked once to warm up, then
``--repeat`` times; the median is printed, slowest first, with the page's query count. Pages that
answer only POST (405) or need a one-time token are listed as not crawled. Exits non-zero when a
page answering 200 takes more than ``--limit`` ms (500 by default: issue 17). Not part of
``make test``.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Pages that are not pages: actions answering POST only, files served to their owner, links with
# one-time tokens. They are listed, not timed.
NOT_PAGES = {
    "logout",
    "password_reset_confirm",
    "set_language",
    "short_login",
    "short_track",
    "deputies:voter_rate",
    "liaison:shift_feed",
}


def url_patterns():
    """(name, the names of its arguments) for every named URL outside the admin."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                inner = ":".join(n for n in (namespace, p.namespace) if n) or None
                yield from walk(p.url_patterns, inner)
            elif isinstance(p, URLPattern) and p.name:
                yield (f"{namespace}:{p.name}" if namespace else p.name), tuple(p.pattern.converters)

    return list(walk(get_resolver().url_patterns, None))


def heavy_rows():
    """The rows whose pages are the heaviest: what each URL argument is filled with."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.utils import timezone

    from bench.load import hot_station
    from deputies.models import DeputyGroup, DutyReport
    from liaison.models import ArchiveEntry, ArchiveFile, Opinion, Reception, SpecialReport
    from livelihood.models import Project, Vote
    from notifications.models import Delivery, ExportJob, Notification
    from supervision.models import Handover, ItemAttachment, SupervisionItem

    deputy = get_user_model().objects.get(username="deputy").deputy
    station = hot_station()
    today = timezone.localdate()
    first = lambda qs: qs.values_list("pk", flat=True).first()  # noqa: E731
    project = (
        Project.objects.annotate(n=Count("reports")).order_by("-n").values_list("pk", flat=True).first()
        if Project.objects.filter(title__startswith="基准项目").exists()
        else first(Project.objects.order_by("pk"))
    )
    group = DeputyGroup.objects.annotate(n=Count("members")).order_by("-n").values_list("pk", flat=True).first()
    item = first(SupervisionItem.objects.filter(lead_deputy=deputy).order_by("-pk"))
    return {
        "deputies:": {"pk": deputy.pk, "year": today.year},
        "deputies:group_reports": {"pk": group, "year": today.year},
        "deputies:duty_report": {"pk": first(DutyReport.objects.order_by("-pk"))},
        "supervision:": {"pk": item, "sheet": "work", "decision": "accept"},
        "supervision:handover_detail": {"pk": first(Handover.objects.order_by("-pk"))},
        "supervision:attachment": {"pk": first(ItemAttachment.objects.order_by("-pk"))},
        "supervision:public_detail": {"pk": first(SupervisionItem.objects.filter(is_public=True))},
        "monthly_statistics:": {"month": f"{today:%Y-%m}", "station": station.pk, "fmt": "xlsx"},
        "dashboard_rows": {"table": "level", "key": "total", "measure": "receptions"},
        "liaison:": {"pk": station.pk, "year": today.year, "month": today.month, "slug": "contacts"},
        "liaison:reception": {"pk": first(Reception.objects.filter(station=station).order_by("-pk"))},
        "liaison:opinion": {"pk": first(Opinion.objects.filter(station=station).order_by("-pk"))},
        "liaison:archive_file": {"pk": first(ArchiveFile.objects.order_by("-pk"))},
        "liaison:archive_entry_update": {"entry": first(ArchiveEntry.objects.filter(station=station))},
        "liaison:special_report": {"pk": first(SpecialReport.objects.order_by("-pk"))},
        "liaison:swap": {"pk": 0},
        "livelihood:": {"pk": project, "year": today.year},
        "livelihood:vote": {"pk": first(Vote.objects.filter(title="基准票决"))},
        "livelihood:paper_tally": {"pk": first(Vote.objects.filter(title="基准票决"))},
        "livelihood:elector_search": {"pk": first(Vote.objects.filter(title="基准票决"))},
        "livelihood:tie_resolve": {"pk": first(Vote.objects.filter(title="基准票决"))},
        "livelihood:vote_results_public": {"pk": first(Vote.objects.filter(title="基准票决"))},
        "notifications:": {"pk": first(Notification.objects.order_by("-pk"))},
        "notifications:delivery": {"pk": first(Delivery.objects.order_by("-pk"))},
        "notifications:export": {"pk": first(ExportJob.objects.order_by("-pk"))},
    }


def arguments(name: str, needed: tuple, rows: dict):
    """The arguments of ``name`` from the longest matching prefix of ``rows``, or None."""
    chosen = {}
    for prefix in sorted((p for p in rows if name.startswith(p)), key=len):
        chosen.update(rows[prefix])
    if any(chosen.get(arg) is None for arg in needed):
        return None
    return {arg: chosen[arg] for arg in needed}


# Extra query strings for pages whose worst case is a parameter away.
VARIANTS = {
    "liaison:reception_list": [{"page": "2000"}, {"q": "停车"}],
    "liaison:opinion_list": [{"page": "2000"}, {"q": "电梯"}],
    "supervision:item_list": [{"page": "2000"}, {"q": "民生"}],
    "supervision:deputy_search": [{"q": "王"}],
    "livelihood:people_search": [{"q": "王"}],
    "liaison:member_search": [{"q": "王"}],
    "livelihood:elector_search": [{"q": "王"}],
}
SEARCH_ONLY = {"supervision:deputy_search", "livelihood:people_search", "liaison:member_search"}


def admin_pages():
    from django.contrib import admin
    from django.urls import reverse

    for model, _model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        yield f"{base}_changelist", reverse(f"{base}_changelist")
        yield f"{base}_add", reverse(f"{base}_add")
        last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        if last is not None:
            yield f"{base}_change", reverse(f"{base}_change", args=[last])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["zone", "city", "quzhou"], default="quzhou")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=500.0, help="slowest allowed median, ms")
    parser.add_argument("--only", action="append", help="crawl only names starting with this (repeatable)")
    args = parser.parse_args()

    from bench.run import bench_database_url

    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or bench_database_url(args.scale)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_portal.settings.test")
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.contrib.auth import get_user_model
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    request_started.disconnect(reset_queries)
    users = {name: get_user_model().objects.get(username=name) for name in ("staff", "deputy", "admin")}
    rows = heavy_rows()
    pages: list[tuple[str, str, str, dict]] = []  # (who, label, url, params)
    skipped: list[tuple[str, str]] = []
    for name, needed in url_patterns():
        if name in NOT_PAGES:
            skipped.append((name, "one-time token or action"))
            continue
        kwargs = arguments(name, needed, rows)
        if kwargs is None:
            skipped.append((name, "no row to fill its arguments"))
            continue
        url = reverse(name, kwargs=kwargs)
        variants = VARIANTS.get(name, [])
        for who in ("staff", "deputy"):
            if name not in SEARCH_ONLY:
                pages.append((who, name, url, {}))
            for params in variants:
                label = name + "?" + "&".join(f"{k}={v}" for k, v in params.items())
                pages.append((who, label, url, params))
    pages += [("admin", label, url, {}) for label, url in admin_pages()]
    if args.only:
        pages = [p for p in pages if any(p[1].startswith(o) for o in args.only)]

    clients = {}
    results, refused = [], []
    for who, label, url, params in pages:
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(users[who])
        client = clients[who]
        response = client.get(url, params)
        if response.status_code != 200:
            refused.append((who, label, response.status_code))
            continue
        reset_queries()  # the log keeps 9,000 queries: a full one would count none
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        n_queries = len(queries)  # now: the next request empties the log the count is read from
        timings = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            client.get(url, params)
            timings.append((time.perf_counter() - t0) * 1000)
        results.append((statistics.median(timings), who, label, n_queries))
        print(f"  {statistics.median(timings):8.1f} ms  {who:7} {label}", flush=True)

    results.sort(reverse=True)
    print(f"\n{'median ms':>10} {'queries':>8}  {'who':7} page")
    for median, who, label, n in results:
        flag = "  <-- over the limit" if median > args.limit else ""
        print(f"{median:>10.1f} {n:>8}  {who:7} {label}{flag}")
    print(f"\n{len(results)} pages answered 200; {len(refused)} answered otherwise (not timed):")
    for who, label, status in refused:
        print(f"  {status} {who:7} {label}")
    print(f"{len(skipped)} URL names not crawled:")
    for name, why in skipped:
        print(f"  {name}: {why}")
    over = [r for r in results if r[0] > args.limit]
    print(f"\n{len(over)} pages over {args.limit:.0f} ms")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
