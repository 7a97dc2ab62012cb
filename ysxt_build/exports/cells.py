"""Spreadsheet cells that can never start a formula from data (the OWASP rule on CSV/formula
injection): a text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or
their full-width forms, which a spreadsheet may read the same) is stored as text with Excel's
"quote prefix", so that neither opening the file nor editing the cell runs it.

The workbooks write no formula of their own; every cell is data.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def data_as_text(workbook: Any) -> None:
    """Make every text cell of ``workbook`` that looks like a formula plain text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    cell.data_type = "s"
                    cell.quotePrefix = True
