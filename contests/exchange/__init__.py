"""Spreadsheet and JSON exchange: read uploaded registration forms (xlsx / csv in any
encoding Chinese Excel writes), plan an import for the organizer to preview, write exports,
and carry a contest's configuration as a versioned JSON template. Nothing here commits:
the writes live in contests/services/exchange/."""
