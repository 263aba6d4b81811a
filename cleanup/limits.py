"""The limits every stage shares: what Excel can hold, and what the tool agrees to read."""

from __future__ import annotations

#: The longest text an Excel cell holds; longer text is cut in the workbook, with a note.
EXCEL_CELL_CHARS = 32_767
#: Rows in one worksheet, the header row included.
EXCEL_ROWS = 1_048_576
#: Hyperlinks one worksheet may hold; beyond this Excel refuses to open the file.
EXCEL_LINKS = 65_530
#: The longest URL Excel keeps as a hyperlink.
EXCEL_LINK_CHARS = 2_079
#: More columns than any LinkedIn file or a lead list has; a wider header is a broken file.
MAX_COLUMNS = 1_000
