"""The staff dashboard: duty work per level, group and sub-district, and the committee's headline
totals. It reads from every app, so it lives above them, like the portal home."""

from collections import defaultdict
from datetime import date

from django.db.models import Q, Sum

from deputies.duty import SEVEN_SOURCES, seven_tasks, source_counts
from deputies.models import Deputy, DeputyGroup, DutyActivity, Level
from liaison.models import Opinion, Reception, StationMember, SubDistrict
from supervision.models import SupervisionItem


def headline_totals(year: int) -> dict:
    """What the committee reports: people received, firms visited, issues collected and solved."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    opinions = Opinion.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    return {
        "people": Reception.objects.filter(date__gte=start, date__lte=end).aggregate(n=Sum("visitor_count"))["n"] or 0,
        "firms": DutyActivity.objects.filter(date__gte=start, date__lte=end).aggregate(n=Sum("firms_visited"))["n"]
        or 0,
        "collected": opinions.count(),
        "solved": opinions.filter(Q(state=Opinion.State.RESOLVED) | Q(items__state=SupervisionItem.State.CLOSED))
        .distinct()
        .count(),
    }


def dashboard(year: int) -> dict:
    """Per level, group and sub-district: deputies, receptions, opinions, suggestions, and the share
    with all seven of the 七个一 done. A fixed number of grouped queries for any number of deputies."""
    ids = list(Deputy.objects.filter(is_active=True).values_list("pk", flat=True))
    # Every source once, for everyone (no IN list of thousands of ids); shared by the table and the 七个一.
    per_source = source_counts({"receptions", "opinions_collected", "suggestions", *SEVEN_SOURCES}, None, year)
    measures = {key: per_source[key] for key in ("receptions", "opinions_collected", "suggestions")}
    complete = {pk for pk, items in seven_tasks(ids, year, per_source).items() if all(i["done"] for i in items)}
    active = set(ids)
    groupings = {
        "level": _grouping(Deputy.levels.through.objects.values_list("level_id", "deputy_id"),
                           {lv.pk: str(lv) for lv in Level.objects.order_by("rank")}, active),  # fmt: skip
        "group": _grouping(DeputyGroup.members.through.objects.values_list("deputygroup_id", "deputy_id"),
                           dict(DeputyGroup.objects.order_by("kind", "name").values_list("pk", "name")), active),  # fmt: skip
        "sub_district": _grouping(
            StationMember.objects.filter(station__sub_district__isnull=False).values_list("station__sub_district", "deputy_id"),
            dict(SubDistrict.objects.order_by("order", "name").values_list("pk", "name")),
            active,
        ),
    }  # fmt: skip
    tables = {}
    for name, (labels, members) in groupings.items():
        rows = []
        for key, deputies in members.items():
            n = len(deputies)
            rows.append(
                {"name": labels.get(key, "—"), "key": key, "deputies": n,
                 **{m: sum(measures[m].get(d, 0) for d in deputies) for m in measures},
                 "complete": sum(1 for d in deputies if d in complete), "rate": round(100 * sum(1 for d in deputies if d in complete) / n) if n else 0}
            )  # fmt: skip
        # In the registry's own order: levels by rank, groups by kind and name, sub-districts as staff set.
        order = {label: n for n, label in enumerate(labels.values())}
        tables[name] = sorted(rows, key=lambda r: order.get(r["name"], len(order)))
    return {"tables": tables, "deputies": len(ids), "complete": len(complete), "totals": headline_totals(year)}


def _grouping(pairs, labels: dict, active: set[int]) -> tuple[dict, dict]:
    """Members per key, active deputies only (filtered here: an IN list of thousands costs more)."""
    members = defaultdict(list)
    for key, deputy_id in pairs:
        if deputy_id in active:
            members[key].append(deputy_id)
    return labels, members
