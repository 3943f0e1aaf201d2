"""The Chinese catalogue reads as Chinese: no space between a Chinese word and a name put into it
("在 科创街道人大代表之家 接待" reads as three words), and an English word with two meanings always
carries its context (the glossary's list), so one translation never serves both."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CJK = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]"
# Placeholders that hold a name or a title (numbers and dates may keep their spaces: "接待 3 次").
NAMES = {"name", "names", "station", "department", "title", "project", "user", "deputy", "author", "lead", "vote"}


def entries():
    return [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete and e.msgstr]


def test_no_space_between_chinese_and_a_name():
    pattern = re.compile(rf"{CJK} %\((\w+)\)s|%\((\w+)\)s {CJK}")
    spaced = [
        e.msgstr for e in entries() if any((m.group(1) or m.group(2)) in NAMES for m in pattern.finditer(e.msgstr))
    ]
    assert not spaced, spaced


def glossary_words() -> list[str]:
    """The msgids the glossary lists under "Words with two meanings" (`msgid` in the first column)."""
    text = (ROOT / "docs" / "glossary.md").read_text()
    section = text.split("## Words with two meanings", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.M)


def test_a_word_with_two_meanings_always_carries_its_context():
    words = glossary_words()
    assert len(words) >= 8
    bare = sorted({e.msgid for e in entries() if not e.msgctxt and e.msgid in words})
    assert not bare, f"use pgettext with a context for: {bare}"
