from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.phones import digits_of, is_mobile, mobile_digits


class _UsernameLength:
    """Enforce the username's length in the form. Django's AuthenticationForm only sets the input's
    maxlength attribute, so a longer posted name reached authenticate() and the login throttling,
    whose record of the attempt cannot hold it (a 500)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length or 150))


class LoginForm(_UsernameLength, AuthenticationForm):
    pass


class AdminLoginForm(_UsernameLength, AdminAuthenticationForm):
    pass


class MobileForm(forms.Form):
    mobile = forms.CharField(label=_("mobile"), max_length=20)

    def clean_mobile(self):
        digits = mobile_digits(self.cleaned_data["mobile"])
        if not is_mobile(digits):
            raise forms.ValidationError(_("Enter an 11-digit mainland mobile number."))
        return digits


class CodeResetForm(MobileForm):
    code = forms.CharField(label=pgettext_lazy("password reset", "code"), max_length=12)
    new_password1 = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False, max_length=128)
    new_password2 = forms.CharField(
        label=_("New password confirmation"), widget=forms.PasswordInput, strip=False, max_length=128
    )

    def clean_code(self):
        """Six digits, however typed (full-width from a Chinese keyboard, with spaces)."""
        code = digits_of(self.cleaned_data["code"])
        if len(code) != 6:
            raise forms.ValidationError(_("Enter the six digits of the code."))
        return code

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two password fields didn’t match."))
        return data


class _RulesAtTheNewPassword:
    """The password rules' errors under 新密码, where the password was typed (Django puts them
    under the confirmation); a mismatch stays under the confirmation."""

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class PortalSetPasswordForm(_RulesAtTheNewPassword, SetPasswordForm):
    pass


class PortalPasswordChangeForm(_RulesAtTheNewPassword, PasswordChangeForm):
    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        if user.must_change_password:  # the first login: the "old" one is the one on the letter or text
            self.fields["old_password"].label = _("One-time password")
