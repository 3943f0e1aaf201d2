"""PDFs rendered by WeasyPrint from the same HTML templates as the print pages: one source.

Each document has a body template (``<app>/documents/<name>.html``) that its page includes for the
screen and the browser's print, and that ``render_pdf`` lays out on A4 with the portal's document
stylesheet (``static/css/document.css``, also the page's print stylesheet), page numbers
"第 x 页 共 y 页" and the date it was made in Beijing time.

Users' words reach the PDF only through Django's templates, so they are escaped like on any page;
and WeasyPrint fetches nothing: its URL fetcher refuses every address (an ``<img src>`` or a CSS
``url()`` could otherwise read a server file or call a URL), except the configured font file.
"""

import logging
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# The fonts PDFs are set in, embedded as subsets of the characters used (so they print the same at
# any print shop): Debian's Noto CJK (fonts-noto-cjk), a TrueType Song/Ming as a second choice, or
# the font file the deployment names (PDF_FONT_FILE).
FONT_STACK = '"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei", serif'
MONO_STACK = '"DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace'

# Code points no installed face draws in print (emoji): shown as "□", so a reader sees that
# something was there; joiners and variation selectors, which only glue emoji together, as nothing.
_GLUE = {"\u200d", "\ufe0e", "\ufe0f"}


def _printable(ch: str) -> str:
    if ch in _GLUE:
        return ""
    code = ord(ch)
    if code > 0xFFFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF:
        return "□"
    if code < 0x20 and ch not in "\n\r\t":
        return ""  # control characters, which no page shows either
    return ch


# A run of letters with no break opportunity (a pasted address, "AAAA…"): Chinese text breaks
# between any two characters, these do not, and would run off the page's edge. CSS could break them
# (overflow-wrap: anywhere), but WeasyPrint then weighs every character as a break when it sizes
# a table's columns: a report with one long field took minutes. So the text gets a zero-width
# space every ``_CHUNK`` characters of such a run instead. Never inside a tag or an entity: the
# run stops at "<", ">", "&" and ";".
_CHUNK = 20
_LONG_RUN = re.compile(r"[^\s<>&;\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]{21,}")  # _CHUNK + 1
_TEXT = re.compile(r">([^<]+)<")


def _breakable(match: re.Match) -> str:
    run = match.group(0)
    return "\u200b".join(run[i : i + _CHUNK] for i in range(0, len(run), _CHUNK))


def printable(html: str) -> str:
    """``html`` with emoji as "□", control characters dropped (never markup characters, so
    applying it to a whole rendered page is safe), and long runs without a break made breakable."""
    html = "".join(_printable(ch) for ch in html)
    return _TEXT.sub(lambda m: ">" + _LONG_RUN.sub(_breakable, m.group(1)) + "<", html)


def _fetcher():
    """WeasyPrint's URL fetcher for the portal: nothing is fetched but the configured font file."""
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            font = settings.PDF_FONT_FILE
            if font and url == Path(font).resolve().as_uri():
                return super().fetch(url, headers)
            raise ValueError(f"PDFs fetch nothing: {url[:80]!r} refused")

    return NoFetching(allowed_protocols=("file",))


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (for the page-number pattern, a translation)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_numbers() -> str:
    """CSS ``content`` for "第 x 页 共 y 页" in the current language."""
    pattern = gettext("Page %(page)s of %(pages)s")
    parts = []
    for chunk in pattern.replace("%(pages)s", "\0pages\0").replace("%(page)s", "\0page\0").split("\0"):
        if chunk in ("page", "pages"):
            parts.append(f"counter({chunk})")
        elif chunk:
            parts.append(_css_string(chunk))
    return " ".join(parts)


def _stylesheet() -> str:
    return Path(finders.find("css/document.css")).read_text(encoding="utf-8")


def made_today() -> str:
    """The footer's date, in Beijing time."""
    return f"{timezone.localdate():%Y-%m-%d}"


def made_on(moment=None) -> str:
    """ "Made on 2026-11-24." for ``moment`` (now by default), in Beijing time."""
    day = timezone.localtime(moment).date() if moment else timezone.localdate()
    return gettext("Made on %(date)s.") % {"date": f"{day:%Y-%m-%d}"}


def render_html(
    body_template: str, contexts: list[dict], *, title: str, footer: str = "", numbered: bool = True
) -> str:
    """The whole HTML document WeasyPrint lays out: ``body_template`` rendered once per context
    (several reports in one PDF, each from a new page)."""
    bodies = [render_to_string(body_template, context) for context in contexts]
    return render_to_string(
        "documents/pdf.html", {"title": title, "bodies": bodies, "footer": footer, "numbered": numbered}
    )


def page_css(*, numbered: bool = True) -> str:
    """The page (A4 portrait, its margins, the numbers and the date at its foot) and the fonts: the
    part of the PDF's style that is not the document's own (``static/css/document.css``)."""
    font = settings.PDF_FONT_FILE
    family = FONT_STACK
    face = ""
    if font and Path(font).is_file():
        face = f'@font-face {{ font-family: "PortalSong"; src: url("{Path(font).resolve().as_uri()}"); }}'
        family = f'"PortalSong", {FONT_STACK}'
    foot = (
        "@bottom-left { content: element(made); }"
        f"@bottom-right {{ content: {page_numbers()}; font-size: 8pt; color: #555; font-family: {family}; }}"
        if numbered
        else ""
    )
    return (
        f"{face} @page {{ size: A4 portrait; margin: 18mm 16mm 20mm; {foot} }}"
        f" html {{ font-family: {family}; }} .code {{ font-family: {MONO_STACK}; }}"
    )


def render_pdf(
    body_template: str, contexts: list[dict], *, title: str, footer: str = "", numbered: bool = True
) -> bytes:
    """The PDF of ``body_template`` (see ``render_html``): A4 portrait, pages numbered (unless not
    ``numbered``: a pile of one-page letters) with ``footer`` at the left of every page's foot."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher, fonts = _fetcher(), FontConfiguration()  # the font configuration loads @font-face
    html = printable(render_html(body_template, contexts, title=title, footer=footer, numbered=numbered))
    stylesheets = [
        CSS(string=page_css(numbered=numbered), url_fetcher=fetcher, font_config=fonts),
        CSS(string=_stylesheet(), font_config=fonts),
    ]
    return HTML(string=html, url_fetcher=fetcher, base_url=settings.PORTAL_BASE_URL).write_pdf(
        stylesheets=stylesheets, font_config=fonts
    )
