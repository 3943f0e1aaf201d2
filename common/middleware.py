from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    """The language switch's cookie when it names a language of the portal, else Chinese (also
    read by common.caching before this middleware runs)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese for everyone unless they chose another language with the switch on the page.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an English-language
    browser would get English pages; the portal is Chinese first, English only on request.
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def admin_inline_styles(get_response):
    """The admin's third-party pages (django-import-export's import form) carry style attributes we
    do not control: there, and only there, inline *styles* are allowed — the same per-response update
    django-csp's ``csp_update`` decorator makes, for every view of the admin site. Scripts stay
    'self' only everywhere. Listed after django-csp's middleware, so it runs before the policy is built."""

    def middleware(request):
        response = get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.app_name == "admin":
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return response

    return middleware


def reject_nul_bytes(get_response):
    """A NUL byte in the address or the query string is never meant: answer 400 before any view
    passes it to PostgreSQL, which refuses it with an error (a 500). Form fields refuse NUL bytes
    in posted text themselves (Django's ProhibitNullCharactersValidator)."""

    def middleware(request):
        if "\x00" in request.path or any("\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists()):
            return bad_request(request)
        return get_response(request)

    return middleware


def bad_request(request):
    from .views import bad_request as page

    return page(request)


def limit_body(max_bytes: int):
    """Decorate a view whose posts are small (a public form without files): a larger body is
    refused with 413 before anything reads it (see ``RequestBodyLimitMiddleware``)."""

    def decorator(view):
        view.max_body_bytes = max_bytes
        return view

    return decorator


class RequestBodyLimitMiddleware:
    """Refuse a request body larger than ``MAX_REQUEST_BODY_BYTES`` (or the view's own, smaller
    limit set with ``limit_body``) from its Content-Length, before Django reads and spools it.

    Django caps the form fields of a body (DATA_UPLOAD_MAX_MEMORY_SIZE) but reads every uploaded
    file to the end before a form can refuse it. Listed before CsrfViewMiddleware, whose
    process_view reads the body. A body without Content-Length is not read by Django at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._length(request) > settings.MAX_REQUEST_BODY_BYTES:
            return self._too_large(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "max_body_bytes", None)
        if limit is not None and self._length(request) > limit:
            return self._too_large(request)
        return None

    @staticmethod
    def _length(request) -> int:
        try:
            return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
        except ValueError:
            return 0  # Django reads nothing of a body whose length it cannot parse

    @staticmethod
    def _too_large(request):
        from django.shortcuts import render

        # Nothing of the body was read. (No "Connection: close" here: a WSGI application may not set
        # hop-by-hop headers; the server closes a connection whose body it was not given.)
        return render(request, "413.html", {"limit": settings.MAX_REQUEST_BODY_BYTES}, status=413)
