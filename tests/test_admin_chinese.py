"""The admin in Chinese: every list's column headers and filters, and every form's labels, read as
Chinese (an untranslated "REFERENCE" column slipped through once)."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db
CJK = re.compile("[\u4e00-\u9fff]")
# Not words: the ID column, a year, codes staff type.
NOT_WORDS = {"ID", ""}


def headers(html: str) -> list[str]:
    """The column headers of the list itself (not the sidebar's, which is Django's own)."""
    table = html.split('id="result_list"', 1)[1].split("</thead>", 1)[0] if 'id="result_list"' in html else ""
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, flags=re.S)
    texts = [re.sub(r"<[^>]+>", " ", cell) for cell in cells]
    return [" ".join(t.split()) for t in texts]


def test_every_admin_list_speaks_chinese(client):
    root = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(root)
    untranslated = {}
    for model in admin.site._registry:
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        page = client.get(url)
        assert page.status_code == 200, url
        bad = [h for h in headers(page.content.decode()) if h not in NOT_WORDS and not CJK.search(h)]
        filters = re.findall(
            r"<summary>\s*(.*?)\s*</summary>", page.content.decode().split('id="changelist-filter"', 1)[-1]
        )
        bad += [f for f in filters if not CJK.search(f)]
        if bad:
            untranslated[url] = bad
    assert not untranslated, untranslated


def test_every_admin_form_labels_its_fields_in_chinese(client):
    root = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(root)
    untranslated = {}
    for model in admin.site._registry:
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        except NoReverseMatch:
            continue
        page = client.get(url)
        if page.status_code != 200:  # read-only pages refuse adding (403)
            continue
        form = page.content.decode().split('id="content-main"', 1)[-1]
        labels = [
            " ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in re.findall(r"<label[^>]*>(.*?)</label>", form, re.S)
        ]
        bad = [label for label in labels if label and label not in NOT_WORDS and not CJK.search(label)]
        if bad:
            untranslated[url] = bad
    assert not untranslated, untranslated
