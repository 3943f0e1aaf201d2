#!/usr/bin/env python
"""HTTP load test of the public pages against gunicorn on loopback, with the city-scale data of
``bench/run.py`` (run that once first: it fills the congress_bench database).

    .venv/bin/python bench/http_load.py                  # 20 clients, 20 s per page
    .venv/bin/python bench/http_load.py --duration 60 --connections 50

Starts gunicorn with the production settings (DEBUG off, Redis cache, manifest static files), then
runs wrk (Debian's package) against the trivial /healthz view and each public page in turn, in the
same run, and prints requests per second, p95 latency, errors and each page's share of the trivial
view's throughput. Targets: at least half the trivial view's throughput, p95 under 100 ms, no error.
Not part of the test suite (it needs minutes and the whole machine).
"""

import argparse
import json
import os
import secrets
import signal
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


def wrk(url: str, args) -> dict:
    out = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=20, help="seconds per page (default 20)")
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--port", type=int, default=8123)
    args = parser.parse_args()

    database = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congress_bench")
    project, station = first_ids(database)
    static_root = tempfile.mkdtemp(prefix="bench-static-")
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
        pages = {
            "trivial view (/healthz)": "/healthz",
            "public project list": "/projects/",
            "a project page": f"/projects/{project}/",
            "a station page": f"/stations/{station}/",
        }
        for path in pages.values():  # warm the workers, the connections and the one-minute page cache
            for _ in range(args.workers * 3):
                urllib.request.urlopen(base + path, timeout=10).read()
        results = {name: wrk(base + path, args) for name, path in pages.items()}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    baseline = results["trivial view (/healthz)"]["rps"]
    print(
        f"{args.connections} clients, {args.duration} s per page, gunicorn {args.workers} workers, wrk {args.threads} threads\n"
    )
    print("| page | requests/s | p50 ms | p95 ms | errors | share of trivial view |")
    print("|---|---:|---:|---:|---:|---:|")
    ok = True
    for name, r in results.items():
        share = r["rps"] / baseline
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['errors']} | {share:.0%} |")
        ok &= r["errors"] == 0 and r["p95"] < 100 and share >= 0.5
    print("\ntargets met" if ok else "\nTARGETS MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
