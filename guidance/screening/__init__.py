"""A whole procurement plan: reading real files, checking rows, vectorised screening and reports."""
