"""Reading back a PDF the portal made, as a print shop would: it renders, its fonts travel with it."""

import subprocess
import tempfile
from pathlib import Path


def fonts_of(content: bytes) -> list[dict]:
    """pdffonts' table: one dict per font with its name and whether it is embedded."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]  # a header and a rule
    # name, type (may hold spaces), encoding, emb, sub, uni, object, id: read from the right.
    return [{"name": row.split()[0], "emb": row.split()[-5]} for row in rows if row.strip()]


def assert_printable(content: bytes, *, numbered: bool = True) -> str:
    """The PDF renders page by page (pdftoppm), every font is embedded, and each page says
    "第 x 页 共 y 页" (unless not ``numbered``). Returns its text."""
    assert content.startswith(b"%PDF")
    fonts = fonts_of(content)
    assert fonts and all(font["emb"] == "yes" for font in fonts), fonts
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(Path(folder) / "page")], check=True)
        pages = len(list(Path(folder).glob("page*.png")))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert pages >= 1
    if numbered:
        compact = text.replace(" ", "")
        assert f"第1页共{pages}页" in compact and f"第{pages}页共{pages}页" in compact
    return text


def words_outside_the_page(content: bytes) -> list[str]:
    """The words (pdftotext -bbox) that reach past a page's right edge: text lost when printed."""
    import re

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True)
    outside, width = [], 0.0
    for line in html.stdout.splitlines():
        if page := re.search(r'<page width="([\d.]+)"', line):
            width = float(page.group(1))
        elif word := re.search(r'xMax="([\d.]+)"[^>]*>([^<]*)<', line):
            if float(word.group(1)) > width + 0.5:
                outside.append(word.group(2))
    return outside
