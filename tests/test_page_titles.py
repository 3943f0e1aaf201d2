"""Every page names itself in the browser's tab and history, not only "人大工委门户"."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# a frame other pages extend (they name themselves), and the home page, whose title is the portal's name
UNTITLED = {"templates/registration/_narrow.html", "dashboard/templates/dashboard/home.html"}


def test_every_page_on_the_portals_layout_has_its_own_title():
    untitled = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        and str(path.relative_to(ROOT)) not in UNTITLED
        and '{% extends "base.html" %}' in (text := path.read_text())
        and "{% block title %}" not in text
    ]
    assert untitled == []
