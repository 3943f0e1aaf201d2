"""The demo zone of the Chengdu article, built once for every test of this package.

Built in a transaction that stays open while the package's tests run (each test runs in a savepoint
of it, so what a test writes is undone) and is rolled back at the end, as Django's TestCase does
with setUpTestData. The tests here must not be transactional (django_db(transaction=True)).
"""

import pytest
from django.db import transaction

from demo import generate


@pytest.fixture(scope="package")
def demo_zone(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield generate.build(generate.ZONE)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
