"""Staff search in Chinese: PostgreSQL full text over overlapping two-character terms, GIN-indexed.

Chinese has no spaces, so PostgreSQL's parsers see a whole sentence as one word. Rather than a
dictionary segmenter (jieba: a 50 MB dictionary in every process, and a word it joins into a longer
one — 路灯 inside 路灯杆 — is not found), every run of Chinese characters is indexed as its
overlapping pairs (老旧小区 → 老旧 旧小 小区), as Lucene's CJK analyzer and Elasticsearch's
``cjk_bigram`` do. Any word of two characters or more is then found wherever it stands, and a
longer one as its pairs in a row (a phrase query, ``老旧 <-> 旧小 <-> 小区``). Latin words and numbers
are terms of their own.

The pairs are made in the database by ``portal_search_terms(text)`` (an immutable SQL function
created by the migrations of the apps that search) into each searched table's stored generated
column ``search_vector``, under a GIN index: PostgreSQL keeps both in step on every write, from
any door (a service, the admin, a bulk import, raw SQL).

The quick start on SQLite falls back to ``icontains`` on each word.
"""

import re

from django.db import connection
from django.db.models import Expression, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# CJK Unified Ideographs (with Extension A) and the compatibility ideographs.
HAN = "㐀-鿿豈-﫿"
RUNS = re.compile(f"[{HAN}]+|[0-9a-z]+")
MIN_LENGTH = 2  # a single character would match half the table: ask for two

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION portal_search_terms(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(term, ' ' ORDER BY n, k), '')
  FROM regexp_matches(lower(t), '[{HAN}]+|[0-9a-z]+', 'g') WITH ORDINALITY AS m(run, n),
  LATERAL (
    SELECT m.run[1] AS term, 0 AS k WHERE m.run[1] !~ '^[{HAN}]' OR char_length(m.run[1]) = 1
    UNION ALL
    SELECT substr(m.run[1], i, 2), i FROM generate_series(1, char_length(m.run[1]) - 1) AS i
    WHERE m.run[1] ~ '^[{HAN}]'
  ) AS terms
$$
"""


def document_sql(columns: tuple[str, ...]) -> str:
    """The searchable document of a row: its ``columns`` as pairs, a ``tsvector``."""
    joined = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
    return f"to_tsvector('simple', portal_search_terms({joined}))"


def index_operations(table: str, columns: tuple[str, ...]) -> list:
    """The migration operations that give ``table`` its search: on PostgreSQL a stored generated
    column ``search_vector`` (computed by PostgreSQL on every insert and update of ``columns``,
    so ranking reads it rather than cutting the text again) under a GIN index. The column is the
    database's own: the models do not declare it (SQLite has none), only ``search()`` reads it."""
    from django.db import migrations

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(FUNCTION_SQL)
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector"
                f" GENERATED ALWAYS AS ({document_sql(columns)}) STORED"
            )
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search ON {table} USING gin (search_vector)")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")

    return [migrations.RunPython(create, drop, elidable=False)]


# How many of a column's most common pairs PostgreSQL keeps to estimate a search (default 100).
# With the default, a pair missing from that short list was guessed to match one row in two
# hundred, so a search for a rare word walked the newest-first index testing every row (1.7 s over
# 5M opinions) instead of reading its few matches from the GIN index (0.1 ms).
STATISTICS = 1000


def statistics_operations(table: str) -> list:
    """The migration operations that give ``table``'s ``search_vector`` finer planner statistics."""
    from django.db import migrations

    def set_target(target):
        def run(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STATISTICS {target}")

        return run

    return [migrations.RunPython(set_target(STATISTICS), set_target(-1), elidable=False)]


def words(text: str) -> list[str]:
    """The words searched for: what the box holds, split at spaces and punctuation, lower-cased;
    a single Chinese character is left out (the index holds pairs: 第 in 第12345号 is half of 决第)."""
    runs = [run for chunk in (text or "").lower().split() for run in RUNS.findall(chunk)]
    return [run for run in runs if len(run) >= MIN_LENGTH or not re.match(f"[{HAN}]", run)]


def usable(text: str) -> bool:
    """Whether ``text`` has something to search for (a word of two characters, or a number)."""
    return any(len(word) >= MIN_LENGTH or word.isdigit() for word in words(text))


# The matches ranked: the newest this many, in the list's own order. Ranking every match of a
# common word (路灯 in one opinion of fifteen) would read a hundred thousand rows at city scale.
RANKED = 1000


def _lexemes(word: str) -> list[str]:
    if re.match(f"[{HAN}]", word) and len(word) > 1:
        return [word[i : i + 2] for i in range(len(word) - 1)]
    return [word]


def tsquery(text: str) -> str:
    """The ``to_tsquery`` text for ``text``: each word's pairs in a row (``<->``), every word (``&``).
    Terms are letters and digits only, each quoted: nothing typed is read as query syntax."""
    phrases = [" <-> ".join(f"'{lexeme}'" for lexeme in _lexemes(word)) for word in words(text)]
    return " & ".join(f"({phrase})" for phrase in phrases)


def search(queryset: QuerySet, text: str, columns: tuple[str, ...]) -> QuerySet:
    """``queryset`` narrowed to rows whose ``columns`` hold every word of ``text``: on PostgreSQL
    the newest ``RANKED`` of them (in the queryset's order) ranked best first by ``ts_rank``; on
    SQLite all of them, in the queryset's order."""
    if not usable(text):
        return queryset
    if connection.vendor != "postgresql":
        q = Q()
        for word in words(text):
            q &= Q(*[Q(**{f"{column}__icontains": word}) for column in columns], _connector=Q.OR)
        return queryset.filter(q)
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(tsquery(text), search_type="raw", config="simple")
    newest = queryset.alias(vector=SearchVector()).filter(vector=query).values("pk")[:RANKED]
    return (
        queryset.filter(pk__in=newest)
        .annotate(search_rank=SearchRank(SearchVector(), query))
        .order_by("-search_rank", *queryset.query.order_by)
    )


class SearchVector(Expression):
    """The ``search_vector`` column of the query's own table (see ``index_operations``), under
    whatever alias that table has in the query (``U0`` in a subquery)."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}.search_vector", []


def highlight(value, text: str) -> SafeString:
    """``value`` escaped, with every searched word in ``<mark>``."""
    value = str(value or "")
    found = sorted({w for w in words(text) if len(w) >= MIN_LENGTH or w.isdigit()}, key=len, reverse=True)
    if not found:
        return escape(value)
    # Matched in the raw text and every piece escaped on its own, so a word never matches inside
    # an entity ("lt" in "&lt;") and a mark never splits one.
    pattern = re.compile("|".join(re.escape(w) for w in found), re.IGNORECASE)
    pieces, at = [], 0
    for match in pattern.finditer(value):
        pieces += [escape(value[at : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        at = match.end()
    pieces.append(escape(value[at:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped above)


def snippet(value, text: str, width: int = 60) -> SafeString:
    """About ``width`` characters of ``value`` around the first word of ``text`` found in it, with
    the words marked (the start of ``value`` when none is found, or nothing is searched)."""
    value = " ".join((value or "").split())
    lowered, start = value.lower(), 0
    hits = [lowered.find(w) for w in words(text) if w in lowered]
    if hits:
        start = max(0, min(hits) - width // 3)
    part = value[start : start + width]
    return highlight(("…" if start else "") + part + ("…" if start + width < len(value) else ""), text)


def capped(text: str, count: int) -> int:
    """``RANKED`` when a search's list stopped there (the page says so: add a word), else 0."""
    return RANKED if usable(text) and connection.vendor == "postgresql" and count >= RANKED else 0
