"""The deputies roster as an Excel (or CSV) sheet, for django-import-export.

Columns carry the staff's own words (姓名, 性别, 层级 ...); cells take a choice by its Chinese
or English label. A file with any bad row imports nothing: import-export runs the whole file in
one transaction and shows each bad row with its number and reason.
"""

import re
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.services import mobile_owners
from common.imports import SheetImport
from common.phones import digits_of

from .models import Deputy, Level
from .services import logins_provision

LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def _labels_in_every_language(choices) -> dict[str, str]:
    """Map each choice's value and its label in every portal language to the value."""
    return _label_lookup(tuple((value, label) for value, label in choices))


@cache
def _label_lookup(choices: tuple) -> dict[str, str]:
    # Read once per set of choices (a sheet asks for every cell; switching language per cell cost
    # a fifth of a 6,000-row import).
    from django.conf import settings

    lookup = {}
    for value, label in choices:
        lookup[str(value).lower()] = value
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                lookup[str(label).lower()] = value
    return lookup


class ChoiceLabelWidget(widgets.Widget):
    """A choice field written as its label (男 / 人大代表) in either language."""

    def __init__(self, choices, default=""):
        self.choices = choices
        self.default = default
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return self.default
        value_for = _labels_in_every_language(self.choices)
        if text.lower() not in value_for:
            raise ValueError(
                gettext("“%(value)s” is not allowed here. Use one of: %(choices)s")
                % {"value": text, "choices": "、".join(str(label) for _v, label in self.choices)}
            )
        return value_for[text.lower()]

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class YesNoWidget(widgets.Widget):
    """是 / 否 (or yes / no, 1 / 0); a blank cell means ``default``."""

    TRUE = {"是", "yes", "y", "true", "1", "在职", "active"}
    FALSE = {"否", "no", "n", "false", "0"}

    def __init__(self, default=True):
        self.default = default
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if not text:
            return self.default
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(gettext("Write 是 or 否, not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return gettext("yes") if value else gettext("no")


class TextWidget(widgets.CharWidget):
    """Text, trimmed; a number Excel stored for a phone (13800138000.0) comes back as digits."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()


class LevelsWidget(widgets.ManyToManyWidget):
    """Congress levels by name, several separated by 、 or commas; an unknown name is an error.

    The levels are read once per import (``reset``), not once per row."""

    # What staff write besides the labels: 国家级, 区级, 县级, 镇级 ...
    ALIASES = {
        "国家": "national",
        "省": "provincial",
        "市": "municipal",
        "区": "district",
        "县": "district",
        "区县": "district",
        "区(县)": "district",
        "乡": "township",
        "镇": "township",
    }

    def __init__(self):
        super().__init__(Level, field="code")
        self._levels: dict[str, Level] | None = None

    def reset(self) -> None:
        self._levels = None

    @staticmethod
    def _normalise(name: str) -> str:
        return name.strip().lower().replace("人大代表", "").replace("代表", "").removesuffix("级").strip()

    def clean(self, value, row=None, **kwargs):
        names = [n for n in LIST_SEPARATORS.split(str(value or "").strip()) if n]
        code_for = {self._normalise(k): v for k, v in _labels_in_every_language(Level.Code.choices).items()}
        code_for.update(self.ALIASES)
        unknown = [n for n in names if self._normalise(n) not in code_for]
        if unknown:
            raise ValueError(
                gettext("Unknown level “%(name)s”. Use one of: %(choices)s")
                % {"name": "、".join(unknown), "choices": "、".join(str(label) for _v, label in Level.Code.choices)}
            )
        if self._levels is None:
            self._levels = {level.code: level for level in Level.objects.all()}
        return [self._levels[code] for code in sorted({code_for[self._normalise(n)] for n in names})]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "、".join(str(level) for level in value.all())


class DeputyResource(SheetImport, resources.ModelResource):
    """The roster sheet. Imported in bulk: the file is read and checked against what the database
    holds with a handful of queries (every row's deputy, phone and station looked up at once), and
    saved with bulk inserts and updates (with their audit history), so a city's 6,000 rows preview
    and import within a request. Row by row, each row cost about ten queries."""

    id = fields.Field(attribute="id", column_name=_("ID"), widget=widgets.IntegerWidget())
    name = fields.Field(attribute="name", widget=TextWidget(), column_name=pgettext_lazy("person", "name"))
    gender = fields.Field(attribute="gender", column_name=_("gender"), widget=ChoiceLabelWidget(Deputy.Gender.choices))
    kind = fields.Field(
        attribute="kind",
        column_name=_("kind"),
        widget=ChoiceLabelWidget(Deputy.Kind.choices, default=Deputy.Kind.DEPUTY),
    )
    levels = fields.Field(attribute="levels", column_name=_("levels"), widget=LevelsWidget())
    constituency = fields.Field(attribute="constituency", widget=TextWidget(), column_name=_("constituency"))
    occupation = fields.Field(attribute="occupation", widget=TextWidget(), column_name=_("work unit and post"))
    phone = fields.Field(attribute="phone", widget=TextWidget(), column_name=_("phone"))
    term = fields.Field(attribute="term", widget=TextWidget(), column_name=_("term"))
    is_active = fields.Field(attribute="is_active", column_name=_("active"), widget=YesNoWidget())

    SAVED_FIELDS = ["name", "gender", "kind", "constituency", "occupation", "phone", "term", "is_active"]

    class Meta:
        model = Deputy
        fields = ("id", "name", "gender", "kind", "levels", "constituency", "occupation", "phone", "term", "is_active")
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True
        use_bulk = True  # rows are saved together at the end (see bulk_create / bulk_update)

    def get_queryset(self):
        return Deputy.objects.prefetch_related("levels")

    def before_import(self, dataset, **kwargs):
        """Read at once what the rows refer to: the deputies they update, and who has their phones."""
        self.fields["levels"].widget.reset()
        # Column names are translatable; fix them for this import (each row compares every one).
        for field in self.fields.values():
            field.column_name = str(field.column_name)
        self._user = kwargs.get("user")
        id_column, phone_column = self.fields["id"].column_name, self.fields["phone"].column_name
        ids = set()
        phones = set()
        for row in dataset.dict:
            try:
                ids.add(int(float(row.get(id_column) or 0)))
            except (TypeError, ValueError):
                pass
            phones.add(TextWidget().clean(row.get(phone_column)))
        self._existing = self.get_queryset().in_bulk(ids - {0})
        self._phone_owner = dict(Deputy.objects.filter(phone__in=phones - {""}).values_list("phone", "pk"))
        # Logins that have these numbers as their mobile, and which login each deputy here has.
        self._mobile_login = mobile_owners(digits_of(p) for p in phones)
        self._login_of = dict(Deputy.objects.filter(pk__in=self._existing).values_list("pk", "user_id"))
        self._phones_in_file: dict[str, int] = {}
        self._saved: list[Deputy] = []

    def after_import(self, dataset, result, **kwargs):
        """Everyone in the file who is in office and has no login gets one (see logins_provision)."""
        super().after_import(dataset, result, **kwargs)
        if not kwargs.get("dry_run") and not result.has_errors() and not result.has_validation_errors():
            self.opened = logins_provision(deputies=self._saved)

    def get_instance(self, instance_loader, row):
        column = self.fields["id"].column_name
        if column not in row or row[column] in (None, ""):
            return None
        try:
            pk = self.fields["id"].clean(row)
        except ValueError:
            return None
        return self._existing.get(pk)

    def dehydrate_levels(self, deputy) -> str:
        """The levels a row is about to get (the import's preview), else those it has."""
        levels = getattr(deputy, "_import_levels", None)
        if levels is None:
            levels = deputy.levels.all() if deputy.pk else []
        return "、".join(str(level) for level in levels)

    def import_instance(self, instance, row, **kwargs):
        """Also check the levels cell here, so a bad one is reported at its row and column."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        instance._import_levels = None
        levels_field = self.fields["levels"]
        if levels_field.column_name not in row:  # a sheet without the column keeps the levels
            if errors:
                raise ValidationError(errors)
            return
        try:
            levels = levels_field.clean(row)
        except ValueError as e:
            errors["levels"] = [str(e)]
        else:
            if instance.kind == Deputy.Kind.DEPUTY and not levels:
                errors["levels"] = [gettext("A deputy needs at least one level.")]
            elif instance.kind == Deputy.Kind.COUNCIL_MEMBER and levels:
                errors["levels"] = [gettext("Council members have no congress level; leave this cell empty.")]
            instance._import_levels = levels
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, and the phone's uniqueness against the database and the rest of
        the file from what ``before_import`` read (not one query per row)."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=list(errors), validate_unique=False, validate_constraints=False)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        phone = instance.phone
        if phone and "phone" not in errors:
            owner = self._phone_owner.get(phone)
            if (owner is not None and owner != instance.pk) or phone in self._phones_in_file:
                errors["phone"] = [gettext("Another deputy or council member already has this phone number.")]
            else:
                login = self._mobile_login.get(digits_of(phone))
                if login is not None and login != self._login_of.get(instance.pk):
                    errors["phone"] = [gettext("Another login already has this mobile.")]
            self._phones_in_file[phone] = instance.pk or 0
        if errors:
            raise ValidationError(errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._bulk_save(self.create_instances, True, dry_run, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._bulk_save(self.update_instances, False, dry_run, raise_errors, result)

    def _bulk_save(self, instances, created, dry_run, raise_errors, result) -> None:
        """Save the rows at once, with their audit history; a preview (dry run) writes nothing."""
        try:
            if instances and not dry_run:
                self._saved.extend(instances)
                if created:
                    bulk_create_with_history(instances, Deputy, batch_size=500, default_user=self._user)
                else:
                    bulk_update_with_history(
                        instances, Deputy, self.SAVED_FIELDS, batch_size=500, default_user=self._user
                    )
                self.after_bulk_save(instances)
        except Exception as e:
            self.handle_import_error(result, e, raise_errors)
        finally:
            instances.clear()

    def after_bulk_save(self, instances) -> None:
        """The levels of the saved rows, replaced at once (rows whose sheet had no levels column keep theirs)."""
        Through = Deputy.levels.through
        with_levels = [d for d in instances if getattr(d, "_import_levels", None) is not None]
        Through.objects.filter(deputy__in=with_levels).delete()
        Through.objects.bulk_create(
            [Through(deputy_id=d.pk, level_id=level.pk) for d in with_levels for level in d._import_levels],
            batch_size=2000,
        )
