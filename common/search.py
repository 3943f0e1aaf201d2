"""Staff search in Chinese: PostgreSQL full text over overlapping two-character terms, GIN-indexed.

Chinese has no spaces, so PostgreSQL's parsers see a whole sentence as one word. Rather than a
dictionary segmenter (jieba: a 50 MB dictionary in every process, and a word it joins into a longer
one — 路灯 inside 路灯杆 — is not found), every run of Chinese characters is indexed as its
overlapping pairs (老旧小区 → 老旧 旧小 小区), as Lucene's CJK analyzer and Elasticsearch's
``cjk_bigram`` do. Any word of two characters or more is then found wherever it stands, and a
longer one as its pairs in a row (a phrase query, ``老旧 <-> 旧小 <-> 小区``). Latin words and numbers
are terms of their own.

The pairs are made in the database by ``portal_search_terms(text)`` (an immutable SQL function
created by the migrations of the apps that search), and each searched table has a GIN expression
index over ``to_tsvector('simple', portal_search_terms(<columns>))``: the index is kept in step
by PostgreSQL on every write, from any door (a service, the admin, a bulk import, raw SQL).

The quick start on SQLite falls back to ``icontains`` on each word.
"""

import re

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
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
    """The indexed expression over ``columns`` (the same text in the index and in every query, so
    PostgreSQL uses the index)."""
    joined = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
    return f"to_tsvector('simple', portal_search_terms({joined}))"


def index_operations(table: str, columns: tuple[str, ...], name: str) -> list:
    """The migration operations that create the search function and ``table``'s GIN index (on
    PostgreSQL; nothing on SQLite)."""
    from django.db import migrations

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(FUNCTION_SQL)
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({document_sql(columns)})")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return [migrations.RunPython(create, drop, elidable=False)]


def words(text: str) -> list[str]:
    """The words searched for: what the box holds, split at spaces and punctuation, lower-cased."""
    return [run for chunk in (text or "").lower().split() for run in RUNS.findall(chunk)]


def usable(text: str) -> bool:
    """Whether ``text`` has something to search for (a word of two characters, or a number)."""
    return any(len(word) >= MIN_LENGTH or word.isdigit() for word in words(text))


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
    """``queryset`` narrowed to rows whose ``columns`` hold every word of ``text``, best first (on
    PostgreSQL ranked by ``ts_rank``; on SQLite newest first, as the list was)."""
    if not usable(text):
        return queryset
    if connection.vendor != "postgresql":
        q = Q()
        for word in words(text):
            q &= Q(*[Q(**{f"{column}__icontains": word}) for column in columns], _connector=Q.OR)
        return queryset.filter(q)
    table = queryset.model._meta.db_table
    qualified = tuple(f'"{table}"."{column}"' for column in columns)
    document, query = document_sql(qualified), tsquery(text)
    return (
        queryset.alias(
            search_match=RawSQL(f"{document} @@ to_tsquery('simple', %s)", [query], output_field=BooleanField())
        )
        .filter(search_match=True)
        .annotate(
            search_rank=RawSQL(f"ts_rank({document}, to_tsquery('simple', %s))", [query], output_field=FloatField())
        )
        .order_by("-search_rank", "-pk")
    )


def highlight(value, text: str) -> SafeString:
    """``value`` escaped, with every searched word in ``<mark>``."""
    escaped = escape(value or "")
    found = sorted({w for w in words(text) if len(w) >= MIN_LENGTH or w.isdigit()}, key=len, reverse=True)
    if not found:
        return mark_safe(escaped)  # noqa: S308 (escaped above)
    pattern = re.compile("|".join(re.escape(escape(w)) for w in found), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))  # noqa: S308 (escaped above)


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
