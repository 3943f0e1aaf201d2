"""Logins: one-time passwords (by text message or a printed letter), the first password the person
sets, forgotten passwords by a code sent to the mobile, and ending an account."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from common.i18n import portal_language
from common.phones import digits_of
from notifications.services import text_phone

from .models import ResetCode
from .roles import require_staff

# Read out or typed from paper: no 0/O, 1/l/I.
UPPER, LOWER, DIGITS = "ABCDEFGHJKMNPQRSTUVWXYZ", "abcdefghjkmnpqrstuvwxyz", "23456789"
CODE_MINUTES = 10  # a reset code is good for ten minutes
CODE_TRIES = 5  # and for five wrong guesses
CODE_PAUSE = timedelta(seconds=60)  # one code a minute per login


def new_one_time_password() -> str:
    """Ten characters with capitals, small letters and digits (the 等保 classes), in random order."""
    chars = [secrets.choice(UPPER) for _ in range(4)]
    chars += [secrets.choice(LOWER) for _ in range(3)]
    chars += [secrets.choice(DIGITS) for _ in range(3)]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def may_manage_login(by, user) -> bool:
    """Whether ``by`` may reset ``user``'s password, change their mobile or end their login: staff
    manage deputies', members' and departments' logins; the logins of staff (and of anyone who can
    open the admin) only a superuser manages, or a one-time password on paper would let one staff
    member sign in as another."""
    if by.is_superuser:
        return True
    return by.is_committee_staff and not (user.is_superuser or user.is_staff or user.is_committee_staff)


def mobile_owners(mobiles) -> dict[str, int]:
    """Which login has each of these mobiles ({mobile: user id}); a mobile is one login's."""
    wanted = {m for m in mobiles if m}
    return dict(get_user_model().objects.filter(mobile__in=wanted).values_list("mobile", "pk")) if wanted else {}


@transaction.atomic
def one_time_password_set(*, user, by) -> str:
    """Give ``user`` a new one-time password (returned, to hand over once; only its hash is kept);
    the person must choose their own at the next login."""
    require_staff(by)
    if not may_manage_login(by, user):
        raise ValidationError(_("Only a superuser can reset the password of committee staff or a superuser."))
    password = new_one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    return password


def login_address() -> str:
    """The login page's short address, for a text message."""
    return f"{settings.PORTAL_BASE_URL}{reverse('short_login')}"


def one_time_passwords_text(*, users, by) -> tuple[list, list]:
    """Text each login with a mobile its username and a new one-time password. Returns (those
    texted, those without a mobile, who need a letter)."""
    texted, without = [], []
    for user in users:
        if not may_manage_login(by, user):
            continue
        if not user.mobile or not user.is_active:
            without.append(user)
            continue
        with transaction.atomic(), portal_language():
            password = one_time_password_set(user=user, by=by)
            text_phone(
                phone=user.mobile,
                key=f"one-time-password:{user.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
                text=_("Congress portal login %(username)s, one-time password {secret}. Set your own at:")
                % {"username": user.username},
                link=login_address(),
                secret=password,
                subject=_("One-time password for %(name)s") % {"name": user.get_full_name()},
                user=user,
            )
        texted.append(user)
    return texted, without


def password_chosen(user) -> None:
    """The person has set their own password: the one-time one is gone."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


def _digest(code: str, user_id: int) -> str:
    return salted_hmac("accounts.ResetCode", f"{user_id}:{code}", algorithm="sha256").hexdigest()


def _login_with_mobile(mobile: str):
    digits = digits_of(mobile)
    matches = list(get_user_model().objects.filter(mobile=digits, is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None  # a number two logins share resets neither


@transaction.atomic
def reset_code_send(*, mobile: str) -> None:
    """Text a six-digit code to the login with this mobile, if there is one. Says nothing either
    way: the page reads the same whether or not an account has this number."""
    user = _login_with_mobile(mobile)
    if user is None:
        return
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
    last = ResetCode.objects.filter(user=user).order_by("-created_at").first()
    if last and last.created_at > timezone.now() - CODE_PAUSE:
        return
    code = f"{secrets.randbelow(10**6):06d}"
    ResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())  # older ones end
    reset = ResetCode.objects.create(
        user=user, digest=_digest(code, user.pk), expires_at=timezone.now() + timedelta(minutes=CODE_MINUTES)
    )
    text_phone(
        phone=user.mobile,
        key=f"reset-code:{reset.pk}",
        text=_(
            "Your congress portal reset code is {secret}, valid for %(minutes)s minutes. Ignore it if you did not ask."
        )
        % {"minutes": CODE_MINUTES},
        secret=code,
        subject=_("Password reset code for %(name)s") % {"name": user.get_full_name()},
        user=user,
    )


def password_reset_with_code(*, mobile: str, code: str, password: str):
    """Set a new password with the code texted to the mobile. One message for every failure, so
    nobody learns whether the number has an account; a wrong guess counts (five end the code)."""
    wrong = ValidationError({"code": _("The code is wrong or has expired. Ask for a new one.")})
    user = _login_with_mobile(mobile)
    if user is None:
        raise wrong
    with transaction.atomic():
        reset = (
            ResetCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        if reset is None or reset.tries >= CODE_TRIES:
            matched = False
        elif not constant_time_compare(reset.digest, _digest(digits_of(code), user.pk)):
            ResetCode.objects.filter(pk=reset.pk).update(tries=reset.tries + 1)  # committed: it counts
            matched = False
        else:
            matched = True
    if not matched:
        raise wrong
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from None
    with transaction.atomic():
        used = ResetCode.objects.filter(pk=reset.pk, used_at__isnull=True).update(used_at=timezone.now())
        if not used:  # the same code used twice at once: the second is refused
            raise wrong
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
    return user


@transaction.atomic
def logins_end(*, users, by) -> int:
    """A term has ended: the logins stop working; everything they recorded stays."""
    require_staff(by)
    ids = [u.pk for u in users if not u.is_superuser and may_manage_login(by, u)]
    return get_user_model().objects.filter(pk__in=ids, is_active=True).update(is_active=False)
