"""The one CSV writer every export uses, so that no cell can run as a spreadsheet formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@`
(and, in some versions, a leading tab or carriage return) as a formula: a document title
such as `=HYPERLINK("http://x","y")` would become a live link, or worse, in the
manager's spreadsheet. Following OWASP, such a cell gets a leading single quote, which
spreadsheets show as text and hide. The rule is applied to every text cell, negative
numbers included (`-3` becomes `'-3`): telling a number from text that looks like one is
where filters go wrong, and our exports write numbers as ints and floats, which are left
alone.
"""

import csv
import io

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell's value, with a leading quote if a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    """`csv.writer` with every cell neutralised."""

    def __init__(self, out):
        self._writer = csv.writer(out)

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_response(filename):
    """An attachment response and a safe writer onto it: `response, writer = csv_response("x.csv")`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, SafeWriter(response)


def csv_text(rows):
    """The rows as CSV text, neutralised, for files built outside a response."""
    out = io.StringIO()
    SafeWriter(out).writerows(rows)
    return out.getvalue()
