#!/usr/bin/env python
"""Benchmark runner: load city-scale data into PostgreSQL, time named scenarios, print one table.

    .venv/bin/python bench/run.py                     # city scale, every scenario, 30 runs each
    .venv/bin/python bench/run.py --scale zone --repeat 10 --only "admin: deputy list"
    .venv/bin/python bench/run.py --scale quzhou --repeat 5   # five years of Quzhou (issue 17)

The data goes into its own database (BENCH_DATABASE_URL, default congress_bench on the local
PostgreSQL, congress_quzhou for --scale quzhou), created and migrated on first use; loading is
idempotent, so a second run reuses it. The Quzhou scale is 60,000 people, 10,000,000 receptions
(one in two with an opinion: 5,000,000), 1,000,000 supervision items; its first load takes a while.
Not part of the test suite.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def ensure_database(url: str) -> None:
    import psycopg
    from environ import Env

    config = Env.db_url_config(url)
    admin = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def bench_database_url(scale: str) -> str:
    name = "congress_quzhou" if scale == "quzhou" else "congress_bench"
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["zone", "city", "quzhou"], default="city")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", action="append", help="run only this scenario (repeatable)")
    parser.add_argument("--items", type=int, help="supervision items to load (default 100,000; Quzhou 1,000,000)")
    parser.add_argument("--receptions", type=int, help="receptions to load (default 1,000,000; Quzhou 10,000,000)")
    parser.add_argument(
        "--ballots",
        type=int,
        default=6_000,
        help="voters (and sealed ballots) of the tally scenario (default 6,000: everyone of the city)",
    )
    args = parser.parse_args()
    quzhou = args.scale == "quzhou"
    items = args.items or (1_000_000 if quzhou else 100_000)
    receptions = args.receptions or (10_000_000 if quzhou else 1_000_000)

    url = os.environ.get("BENCH_DATABASE_URL") or bench_database_url(args.scale)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_portal.settings.test")

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.load import (
        analyze,
        load_ballot_vote,
        load_projects,
        load_receptions,
        load_receptions_sql,
        load_supervision_items,
    )
    from bench.scenarios import RATIOS, SCENARIOS
    from demo import generate

    # No setup_test_environment(): its template instrumentation would inflate render times.
    # Django clears the query log when a request starts; keep it so each run's queries count.
    request_started.disconnect(reset_queries)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    from liaison.models import Reception
    from supervision.models import SupervisionItem

    def volumes():
        return Reception.objects.count(), SupervisionItem.objects.count()

    before = volumes()
    generate.build({"city": generate.CITY, "quzhou": generate.QUZHOU}.get(args.scale, generate.ZONE))
    load_supervision_items(items)
    if quzhou:
        load_receptions_sql(receptions)
    else:
        load_receptions(receptions)
    load_projects()
    load_ballot_vote(args.ballots)
    if volumes() != before:  # rows were written without signals: count the rollups again, vacuum
        analyze()
    print(f"data ready ({args.scale} scale) in {time.perf_counter() - started:.1f} s\n")

    names = args.only or list(SCENARIOS)
    rows_out = []
    for name in names:
        client = Client()
        run, rows = SCENARIOS[name](client)
        run()  # warm-up: caches, first-connection costs
        with CaptureQueriesContext(connection) as queries:
            run()
        n_queries = len(queries)
        timings = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            run()
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        rows_out.append((name, rows, n_queries, statistics.median(timings), p95))

    width = max(len(r[0]) for r in rows_out) + 2
    print(f"{'scenario':<{width}}{'rows':>10}{'queries':>9}{'median ms':>11}{'p95 ms':>9}")
    for name, rows, n_queries, median, p95 in rows_out:
        print(f"{name:<{width}}{rows:>10,}{n_queries:>9}{median:>11.1f}{p95:>9.1f}")
    medians = {name: median for name, _rows, _queries, median, _p95 in rows_out}
    for name, baseline, target in RATIOS:
        if name in medians and baseline in medians:
            ratio = medians[name] / medians[baseline]
            verdict = "met" if ratio <= target else "MISSED"
            print(f"\n{name} / {baseline}: {ratio:.2f}x (target <= {target}x: {verdict})")


if __name__ == "__main__":
    main()
