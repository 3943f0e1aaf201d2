"""Whole-page caching of the public pages (a utility every app may use, like ``uploads``)."""

import time

from django.http import HttpResponse
from django.utils import translation

# Our own, not Django's cache_page: a cache_page hit costs two round trips to the cache (the header
# list, then the page) and unpickling the page, which at the load test's rates is two thirds of the
# request. The public pages are few, small and correct within a minute, so each web process keeps
# its own rendered copy for a minute: a hit is a dictionary lookup.
_pages: dict[tuple, tuple[float, bytes, str]] = {}
MAX_PAGES = 5000


def public_cache(view, seconds: int = 60):
    """Serve a public page to anonymous visitors from a copy at most ``seconds`` old, per address,
    query and language: the page holds no CSRF token and no personal data, and sets no cookie.
    Signed-in people always get it fresh, with their own menu and bell."""

    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated or request.method != "GET":
            return view(request, *args, **kwargs)
        key = (request.get_full_path(), translation.get_language())
        now = time.time()
        hit = _pages.get(key)
        if hit and hit[0] > now:
            response = HttpResponse(hit[1], content_type=hit[2])
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code != 200 or response.cookies:
                return response
            if len(_pages) >= MAX_PAGES:
                _pages.clear()
            _pages[key] = (now + seconds, response.content, response["Content-Type"])
        return response

    return wrapper


def clear() -> None:
    """Forget every cached page (tests)."""
    _pages.clear()
