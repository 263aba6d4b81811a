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

# What a run agrees to read. LinkedIn caps a network at 30,000 connections; these stay far
# above what such a network gives, and far below what would exhaust memory or time.

#: The largest part (one sheet's XML, the shared strings) of a previous workbook, uncompressed.
#: A workbook of 30,000 connections has sheets of a few tens of megabytes.
WORKBOOK_PART_BYTES = 128 * 1024 * 1024
#: Entries in a previous workbook's shared-string table (30,000 rows of 15 columns: 450,000).
WORKBOOK_STRINGS = 2_000_000
#: The largest file of the export read (a lone Connections.csv, a member of the archive).
EXPORT_FILE_BYTES = 512 * 1024 * 1024
#: The largest enrichment file (a lead list of 30,000 rows is a few megabytes).
ENRICH_BYTES = 512 * 1024 * 1024
#: The largest rules file (10,000 keywords take a few hundred kilobytes).
RULES_BYTES = 16 * 1024 * 1024
#: The largest Profile.csv read by `init` (one row).
PROFILE_BYTES = 16 * 1024 * 1024
#: The largest decisions ledger (a line per decision typed, over years of runs).
LEDGER_BYTES = 256 * 1024 * 1024
#: The largest run history (a line per run).
HISTORY_BYTES = 16 * 1024 * 1024
#: The largest snapshot of a run's connections, uncompressed.
SNAPSHOT_BYTES = 256 * 1024 * 1024
#: The largest previous workbook file (30,000 connections make a few megabytes).
WORKBOOK_BYTES = 512 * 1024 * 1024
#: The longest keyword of a rules file (a job title is a few words).
KEYWORD_CHARS = 200
