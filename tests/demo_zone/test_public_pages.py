"""No personal data on public pages: crawl every page an anonymous visitor can reach in the demo and
fail on a mobile number, an ID-card number, a citizen's name or a deputy's own phone."""

import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from deputies.models import Deputy
from liaison import services as liaison
from liaison.models import Opinion, Reception, Station

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_CARD = re.compile(r"(?<!\d)\d{6}(19|20)\d{2}(0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?!\d)")
SKIP = (
    "/static/",
    "/media/",
    "/admin/",
    "/accounts/",
    "/i18n/",
    "/liaison/",
    "/livelihood/",
    "/deputies/",
    "/supervision/items/",
    "/notifications/",
    "/dashboard/",
    "/statistics/",
)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.found.append(href.split("#")[0])


def crawl(client, start: list[str], limit: int = 600) -> dict[str, str]:
    pages, queue = {}, deque(start)
    while queue and len(pages) < limit:
        url = queue.popleft()
        if url in pages or url.startswith(SKIP):
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            pages[url] = ""
            continue
        pages[url] = html = response.content.decode()
        parser = Links()
        parser.feed(html)
        queue.extend(parser.found)
    return pages


def test_no_public_page_shows_personal_data(client, demo_zone):
    online, code = liaison.opinion_submit_online(
        station=Station.objects.filter(is_active=True).first(), content="健身器材坏了", name="赵六", phone="13700005555"
    )
    names = set(Reception.objects.exclude(visitor_name="").values_list("visitor_name", flat=True))
    names |= set(Opinion.objects.exclude(citizen_name="").values_list("citizen_name", flat=True))
    private_phones = set(Reception.objects.exclude(visitor_phone="").values_list("visitor_phone", flat=True))
    private_phones |= set(Opinion.objects.exclude(citizen_phone="").values_list("citizen_phone", flat=True))
    private_phones |= set(Deputy.objects.exclude(phone="").values_list("phone", flat=True))
    published = set(Station.objects.values_list("contact_phone", flat=True))  # the stations' own office lines

    pages = crawl(
        client,
        [
            "/",
            reverse("livelihood:project_public_list"),
            reverse("liaison:station_public_list"),
            reverse("supervision:public_list"),
            reverse("liaison:opinion_create"),
        ],
    )
    # The citizen following their opinion by its code sees its progress, still without names.
    pages["track"] = client.post(reverse("liaison:opinion_track"), {"code": code}).content.decode()
    assert len([p for p in pages.values() if p]) > 40, sorted(pages)
    assert any(url.startswith("/projects/") and url != "/projects/" for url in pages)
    assert any(url.startswith("/stations/") and url != "/stations/" for url in pages)
    assert online.content in pages["track"]

    leaks = []
    for url, html in pages.items():
        text = re.sub(r"<[^>]+>", " ", html)
        leaks += [f"{url}: mobile {m}" for m in MOBILE.findall(text) if m not in published]
        leaks += [f"{url}: ID card" for _ in ID_CARD.finditer(text)]
        leaks += [f"{url}: name {n}" for n in names if n in text]
        leaks += [f"{url}: phone {p}" for p in private_phones if p in text]
    assert not leaks, "\n".join(leaks[:50])
