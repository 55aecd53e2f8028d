"""Import of a spreadsheet (CSV or XLSX) of people or organisations: parse, preview (errors
per line, likely duplicates; nothing written), then one ordinary command per row, run in the
background with its progress kept in the `imports` table."""
