import http.server
import os
import threading

import pytest
from django.conf import settings

from accounts import roles
from tests.accounts.factories import UserFactory
from tests.deputies.factories import DeputyFactory
from tests.supervision.factories import make_world

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
IN_CI = os.environ.get("CI") == "true"


def pytest_configure(config):
    if IN_CI and not ON_POSTGRES:
        raise pytest.UsageError("CI=true: the suite must run on PostgreSQL (set DATABASE_URL).")


def pytest_collection_modifyitems(config, items):
    # Off CI a developer may run the suite on SQLite; PostgreSQL-only tests then skip. Under CI
    # the check above makes sure they run.
    if ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (never skipped in CI: CI=true refuses to run without it)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


MIGRATION_DATA = [
    ("accounts.migrations.0002_roles", "create_roles"),
    ("accounts.migrations.0003_station_manager_role", "create_role"),
    ("deputies.migrations.0002_levels", "seed"),
    ("dashboard.migrations.0001_role_permissions", "grant"),
    ("dashboard.migrations.0002_schedules", "create"),
    ("dashboard.migrations.0003_new_records_permissions", "grant"),
    ("dashboard.migrations.0004_deliveries_sweep", "forward"),
    ("dashboard.migrations.0005_channel_permissions", "grant"),
    ("dashboard.migrations.0006_department_contacts_permissions", "grant"),
]


def seed_migration_data():
    """The rows the data migrations make (roles, levels, role permissions, schedules). A
    transactional test's flush deletes them; the tests after it put them back with this."""
    from importlib import import_module

    from django.apps import apps

    for module, function in MIGRATION_DATA:
        getattr(import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seeded even when the database is reused after a run whose transactional tests flushed it."""
    with django_db_blocker.unblock():
        seed_migration_data()


@pytest.fixture
def transactional_db(transactional_db):
    """A transactional test starts from a database the previous one flushed: the migrations' rows
    (roles, levels, schedules) are put back first."""
    seed_migration_data()
    return transactional_db


@pytest.fixture(autouse=True)
def _migration_rows_after_a_flush(request):
    """The same for tests marked ``django_db(transaction=True)``, which do not ask for the fixture."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        seed_migration_data()


@pytest.fixture(autouse=True)
def _fresh_public_pages():
    """Each test sees the public pages as its own data makes them (they are cached for a minute),
    and starts with no rate-limit counters (kept in the same cache)."""
    from django.core.cache import cache

    from common import caching

    caching.clear()
    cache.clear()


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff1", name="工作人员甲", is_staff=True, roles=[roles.STAFF])


@pytest.fixture
def deputy_user(db):
    user = UserFactory(username="deputy1", name="代表甲", roles=[roles.DEPUTY])
    DeputyFactory(name="代表甲", user=user)
    return user


@pytest.fixture
def department_user(db):
    return UserFactory(username="dept1", name="科室联系人", roles=[roles.DEPARTMENT_CONTACT])


@pytest.fixture
def world(db):
    """Staff, a lead deputy and two departments with contacts, for supervision items."""
    return make_world()


@pytest.fixture
def listener():
    """A web server on loopback that records any request the portal would make to it."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
