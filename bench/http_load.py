#!/usr/bin/env python
"""HTTP load test of the public pages against gunicorn on loopback, with the city-scale data of
``bench/run.py`` (run that once first: it fills the congress_bench database).

    .venv/bin/python bench/http_load.py                  # 20 clients, 5 rounds of 10 s per page
    .venv/bin/python bench/http_load.py --only uncached --rounds 1

Starts gunicorn with the production settings (DEBUG off, Redis cache, manifest static files), then
runs wrk (Debian's package) against the trivial /healthz view and each public page in turn, in the
same run, and prints requests per second, p95 latency, errors and each page's share of the trivial
view's throughput (the median of the rounds and their spread). Three ways: with the public page
cache (target: 95 % of the trivial view); with a new query string on every request, as the issue
that set the targets measured "uncached" (the copies are keyed only on the parameters a page reads,
so these are served from the cache too; target 50 %); and with the cache turned off, every page
rendered for every request (target 50 %). No error in any.
Not part of the test suite (it needs minutes and the whole machine).
"""

import argparse
import contextlib
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def first_ids(url: str) -> tuple[int, int]:
    import psycopg
    from environ import Env

    c = Env.db_url_config(url)
    with psycopg.connect(
        host=c["HOST"] or None, port=c["PORT"] or None, user=c["USER"] or None, dbname=c["NAME"]
    ) as db:
        project = db.execute(
            "SELECT p.id FROM livelihood_project p JOIN livelihood_monthlyreport r ON r.project_id = p.id "
            "GROUP BY p.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        station = db.execute(
            "SELECT station_id FROM liaison_reception GROUP BY station_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    return project, station


FRESH_QUERY = """
-- A new query string on every request, as a visitor (or a crawler) varying it would send.
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. "?nocache=" .. n)
end
"""


def wrk(url: str, args, *, fresh_query: bool = False) -> dict:
    script = (ROOT / "bench" / "report.lua").read_text()
    if fresh_query:
        script += FRESH_QUERY
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        out = subprocess.run(
            [
                "wrk",
                f"-t{args.threads}",
                f"-c{args.connections}",
                f"-d{args.duration}s",
                "--timeout",
                "5s",
                "-s",
                lua.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


@contextlib.contextmanager
def serve(args, database: str, static_root: str, *, cached: bool):
    """gunicorn with the production settings on loopback; ``cached``: the public page cache on."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress_portal.settings.production",
        "DATABASE_URL": database,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"),
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "PUBLIC_PAGE_CACHE": str(cached),
    }
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "congress_portal.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def measure(base: str, pages: dict[str, str], args, *, fresh_query: bool) -> dict[str, dict]:
    for path in pages.values():  # warm the workers, the connections and the page cache
        for _ in range(args.workers * 3):
            urllib.request.urlopen(base + path, timeout=30).read()
    return {name: wrk(base + path, args, fresh_query=fresh_query) for name, path in pages.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page and round (default 10)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, each measuring every page (default 5)")
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--only", choices=["cached", "new query string", "uncached"], help="measure one mode only")
    args = parser.parse_args()

    database = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congress_bench")
    project, station = first_ids(database)
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    pages = {
        BASELINE: "/healthz",
        "public project list": "/projects/",
        "a project page": f"/projects/{project}/",
        "a station page": f"/stations/{station}/",
    }
    targets = {"cached": 0.95, "new query string": 0.5, "uncached": 0.5}
    modes = [args.only] if args.only else list(targets)
    # {mode: {page: [result of each round]}}; each round's share is against that round's baseline.
    results: dict[str, dict[str, list]] = {mode: {name: [] for name in pages} for mode in modes}
    for mode in modes:
        with serve(args, database, static_root, cached=mode != "uncached") as base:
            for _ in range(args.rounds):
                for name, result in measure(base, pages, args, fresh_query=mode == "new query string").items():
                    results[mode][name].append(result)

    print(
        f"{args.connections} clients, {args.duration} s per page and round, {args.rounds} rounds, "
        f"gunicorn {args.workers} workers, wrk {args.threads} threads, load average before: {LOAD_BEFORE}\n"
    )
    ok = True
    for mode in modes:
        print(f"### {mode} (target: each page at least {targets[mode]:.0%} of the trivial view)\n")
        print("| page | requests/s (median) | p50 ms | p95 ms | errors | share of trivial view: median (min–max) |")
        print("|---|---:|---:|---:|---:|---:|")
        base_rounds = results[mode][BASELINE]
        for name, rounds in results[mode].items():
            shares = sorted(r["rps"] / b["rps"] for r, b in zip(rounds, base_rounds, strict=True))
            mid = sorted(rounds, key=lambda r: r["rps"])[len(rounds) // 2]
            errors = sum(r["errors"] for r in rounds)
            median_share = statistics.median(shares)
            print(
                f"| {name} | {mid['rps']:.0f} | {mid['p50']:.1f} | {mid['p95']:.1f} | {errors} | "
                f"{median_share:.0%} ({shares[0]:.0%}–{shares[-1]:.0%}) |"
            )
            if name != BASELINE:
                ok &= errors == 0 and median_share >= targets[mode]
        print()
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("targets met" if ok else "TARGETS MISSED")
    sys.exit(0 if ok else 1)


BASELINE = "trivial view (/healthz)"
LOAD_BEFORE = f"{os.getloadavg()[0]:.2f}"


if __name__ == "__main__":
    main()
