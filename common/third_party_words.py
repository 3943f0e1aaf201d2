"""Words of third-party admin pages (django-axes' access log, django-import-export's preview) that
their own catalogues leave in English. Marked here so `make messages` puts them in the portal's
catalogue, which Django reads before the packages' own (LOCALE_PATHS come first)."""

from django.utils.translation import gettext_noop, ngettext_lazy

WORDS = [
    # django-axes: 访问日志
    gettext_noop("Attempt Time"),
    gettext_noop("Logout Time"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("User Agent"),
    gettext_noop("Path"),
    # django-import-export: its Chinese reads "某些行验数据证失败"
    gettext_noop("Some rows failed to validate"),
    # Django 5.2's password-length message (its new "%d" wording is not yet in Django's Chinese)
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
]
