from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese for everyone unless they chose another language with the switch on the page.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an English-language
    browser would get English pages; the portal is Chinese first, English only on request.
    """

    def process_request(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
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
