"""The admin in Chinese: every list's column headers and filters, and every form's labels, read as
Chinese (an untranslated "REFERENCE" column slipped through once)."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db
CJK = re.compile("[\u4e00-\u9fff]")
NOT_WORDS = {"ID", ""}  # the ID column is a code, not a word


def texts(fragments: list[str]) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", f).split()) for f in fragments]


def english(words: list[str]) -> list[str]:
    return [w for w in words if w not in NOT_WORDS and not CJK.search(w)]


def admin_pages(client, page: str):
    """Each registered model's ``page`` (changelist, add) as a superuser sees it: (url, html)."""
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    for model in admin.site._registry:
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}")
        except NoReverseMatch:
            continue
        response = client.get(url)
        if response.status_code == 200:  # read-only pages refuse adding (403)
            yield url, response.content.decode()


def test_every_admin_list_speaks_chinese(client):
    untranslated = {}
    for url, html in admin_pages(client, "changelist"):
        # The list's own header (the sidebar's is Django's) and the filters' titles.
        table = html.split('id="result_list"', 1)[1].split("</thead>", 1)[0] if 'id="result_list"' in html else ""
        bad = english(texts(re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, flags=re.S)))
        filters = html.split('id="changelist-filter"', 1)[-1]
        bad += english(texts(re.findall(r"<summary>\s*(.*?)\s*</summary>", filters, flags=re.S)))
        if bad:
            untranslated[url] = bad
    assert not untranslated, untranslated


def test_every_admin_form_labels_its_fields_in_chinese(client):
    untranslated = {}
    for url, html in admin_pages(client, "add"):
        form = html.split('id="content-main"', 1)[-1]
        bad = english(texts(re.findall(r"<label[^>]*>(.*?)</label>", form, flags=re.S)))
        if bad:
            untranslated[url] = bad
    assert not untranslated, untranslated
