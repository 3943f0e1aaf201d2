"""What every spreadsheet import of the portal shares (django-import-export resources)."""

from import_export.resources import Diff


class _PreviewDiff(Diff):
    """The preview reads each cell as the export writes it (``dehydrate_<field>`` included), so a
    column filled by the resource (levels, station) shows what a new row is about to get."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.left = self._cells(resource, instance)

    def compare_with(self, resource, instance):
        self.right = self._cells(resource, instance)

    @staticmethod
    def _cells(resource, instance) -> list:
        if instance is None:
            return ["" for _field in resource.get_import_fields()]
        return [resource.export_field(field, instance) for field in resource.get_import_fields()]


class SheetImport:
    """A resource mixin: a file with any bad row imports nothing, whichever door it comes through,
    and a bad row is reported by the row number Excel shows (the header is row 1; import-export
    counts the first data row as 1)."""

    def get_diff_class(self):
        return _PreviewDiff

    def import_data(self, dataset, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        result = super().import_data(dataset, **kwargs)
        # An error is shown under the file's own column heading (手机), not the model's field name.
        headings = {}
        for name, field in self.fields.items():
            headings[name] = headings[field.attribute or name] = field.column_name or name
        for row in result.invalid_rows:
            row.number += 1
            row.error_dict = {headings.get(key, key): errors for key, errors in row.error_dict.items()}
        for row in result.rows:
            for error in row.errors:
                if error.number is not None:
                    error.number += 1
        return result
