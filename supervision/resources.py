"""Department contacts as an Excel sheet (单位, 姓名, 手机, 邮箱), for django-import-export: each row
opens (or updates) the contact's login, found by mobile, with the department-contact role and no
usable password until staff hand over a one-time password; the person then sets their own. A file
with any bad row imports nothing."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext_lazy
from import_export import fields, resources

from accounts import roles
from common.imports import SheetImport
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

    def get_queryset(self):
        return DepartmentContact.objects.all()

    def dehydrate_department(self, contact):
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
        try:
            instance.full_clean(exclude=[*errors, "password"], validate_unique=not instance.pk)
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
