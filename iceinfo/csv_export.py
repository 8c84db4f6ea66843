"""The one CSV writer for every CSV the site serves: each cell is neutralised against spreadsheet
formulas (CSV injection), so a title such as ``=HYPERLINK(...)`` reaches a spreadsheet as text."""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The cell as text; one that a spreadsheet would run as a formula gets a leading apostrophe.
    Plain numbers (``-12.5``) stay as they are."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text  # "\t5" is not a plain number


def to_csv(header, rows):
    """CSV text (RFC 4180 line ends) of a header row and data rows, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(value) for value in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
