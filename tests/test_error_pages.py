"""Errors in Chinese, in the portal's layout: 403, 404, 500 and a form whose CSRF token failed."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_not_found_and_not_allowed_are_chinese_pages_in_the_layout(client, deputy_user):
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and "页面不存在" in page.content.decode() and "人大工委门户" in page.content.decode()
    client.force_login(deputy_user)
    page = client.get(reverse("dashboard"))
    assert page.status_code == 403 and "无权" in page.content.decode() and "人大工委门户" in page.content.decode()


def test_a_failed_csrf_check_says_what_to_do_in_chinese(deputy_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(deputy_user)
    page = client.post(reverse("notifications:read_all"))
    assert page.status_code == 403 and "表单已过期" in page.content.decode() and "人大工委门户" in page.content.decode()


def test_a_server_error_is_a_chinese_page(client, settings):
    from django.template.loader import render_to_string

    text = render_to_string("500.html")
    assert "人大工委门户" in text and "页面出错了" in text and "portal.css" in text
