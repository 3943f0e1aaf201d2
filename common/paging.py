"""Long staff lists that open at once at any size: the count stops at ``CAP``.

Django's Paginator counts every row (``SELECT COUNT(*)``) so it can say "page 1 of 400,000", and a
deep page reads and skips every row before it. Over ten million receptions the count alone took
over a minute. Here the count reads at most ``CAP + 1`` rows (an index walk that stops early). The
page then says "more than 10,000" and asks for a narrower search or period, which is what anyone
does anyway: nobody pages to the 400th page. Pages past the cap answer 404 like any page out of range.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 10_000


class CappedPaginator(Paginator):
    cap = CAP
    capped = False  # True once counted, when there were more rows than the cap

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "query"):  # a queryset: count in the database, stopping after the cap
            found = rows[: self.cap + 1].count()
        else:
            found = len(rows)
        self.capped = found > self.cap
        return min(found, self.cap)


class CappedPaginationMixin:
    """For a ListView or FilterView: its pages counted by ``CappedPaginator``."""

    paginator_class = CappedPaginator
