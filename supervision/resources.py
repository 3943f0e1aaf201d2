"""Department contacts as an Excel sheet (单位, 姓名, 手机, 邮箱), for django-import-export: each row
opens (or updates) the contact's login, found by mobile, with the department-contact role and no
usable password until staff hand over a one-time password; the person then sets their own. A file
with any bad row imports nothing.

A row only ever updates a login that is a department contact and nothing more: a mobile that
belongs to any other login (staff, a superuser, a deputy) is refused at its row, so a sheet can
never rename, re-address or hand a one-time password to someone else's account."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext_lazy
from import_export import fields, resources

from accounts import roles
from accounts.services import mobile_owners
from common.imports import SheetImport
from common.phones import digits_of
from deputies.resources import TextWidget

from .models import Department, DepartmentContact


class DepartmentContactResource(SheetImport, resources.ModelResource):
    # The sheet's headers, as staff write them: 单位, 姓名, 手机, 邮箱.
    department = fields.Field(
        attribute="_department", column_name=pgettext_lazy("contact sheet", "department"), widget=TextWidget()
    )
    name = fields.Field(attribute="name", column_name=pgettext_lazy("contact sheet", "name"), widget=TextWidget())
    mobile = fields.Field(attribute="mobile", column_name=pgettext_lazy("contact sheet", "mobile"), widget=TextWidget())
    email = fields.Field(attribute="email", column_name=pgettext_lazy("contact sheet", "e-mail"), widget=TextWidget())

    class Meta:
        model = DepartmentContact
        fields = ("department", "name", "mobile", "email")
        import_id_fields = ("mobile",)
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        for field in self.fields.values():
            field.column_name = str(field.column_name)
        self._departments = {d.name: d for d in Department.objects.filter(is_active=True)}
        self._role = Group.objects.get(name=roles.DEPARTMENT_CONTACT)
        column = self.fields["mobile"].column_name
        if column in dataset.headers:  # the number as typed (full-width digits, spaces) is one number
            index = dataset.headers.index(column)
            for i, row in enumerate(dataset):
                value = row[index]
                if value not in (None, ""):
                    digits = digits_of(TextWidget().clean(value))
                    dataset[i] = (*row[:index], digits or value, *row[index + 1 :])
        self._mobiles_in_file: set[str] = set()

    def get_queryset(self):
        """The logins a row may update: department contacts who are nothing else."""
        return DepartmentContact.objects.filter(
            groups__name=roles.DEPARTMENT_CONTACT, is_staff=False, is_superuser=False
        ).exclude(groups__name__in=set(roles.ALL) - {roles.DEPARTMENT_CONTACT})

    def dehydrate_department(self, contact):
        """The department a row names (the import's preview), else those the contact has."""
        named = getattr(contact, "_department", None)
        if named is not None or not contact.pk:
            return str(named or "")
        return "、".join(d.name for d in contact.departments.all())

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        name = str(getattr(instance, "_department", "") or "")
        if name not in self._departments:
            errors["department"] = [gettext("There is no department named “%(name)s”.") % {"name": name}]
        if not instance.mobile:
            errors["mobile"] = [gettext("Enter an 11-digit mainland mobile number.")]
        if not (instance.name or "").strip():
            errors["name"] = [gettext("Enter the name.")]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if not instance.pk:
            instance.username = instance.mobile
        errors = dict(import_validation_errors or {})
        mobile = instance.mobile
        if mobile and "mobile" not in errors:
            if mobile in self._mobiles_in_file:
                errors["mobile"] = [gettext("This mobile is on another row of the file.")]
            elif not instance.pk and mobile_owners([mobile]):
                errors["mobile"] = [gettext("Another login already has this mobile.")]
            self._mobiles_in_file.add(mobile)
        try:
            instance.full_clean(
                exclude=[*errors, "password"], validate_unique=not instance.pk, validate_constraints=False
            )
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if "username" in errors:  # the login name is the mobile: say it there
            del errors["username"]
            errors.setdefault("mobile", [gettext("Another login already has this mobile as its login name.")])
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.pk:
            instance.set_unusable_password()
            instance.must_change_password = True

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        instance.groups.add(self._role)
        self._departments[instance._department].contacts.add(instance)
