"""What every spreadsheet import of the portal shares (django-import-export resources)."""


class SheetImport:
    """A resource mixin: a file with any bad row imports nothing, whichever door it comes through,
    and a bad row is reported by the row number Excel shows (the header is row 1; import-export
    counts the first data row as 1)."""

    def import_data(self, dataset, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        result = super().import_data(dataset, **kwargs)
        for row in result.invalid_rows:
            row.number += 1
        for row in result.rows:
            for error in row.errors:
                if error.number is not None:
                    error.number += 1
        return result
