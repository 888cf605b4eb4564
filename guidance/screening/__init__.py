"""A whole procurement plan: reading real files, checking rows, vectorised screening and reports.

Reading, in the order a file goes through it: :mod:`.grid` (file bytes to sheets of cells),
:mod:`.layout` (header row, rows that are not procurements), :mod:`.mapping` (which heading is which
column), :mod:`.cells` and :mod:`.units` (numbers, dates and units), :mod:`.categories` (categories,
contract types, CPV codes), :mod:`.reading` (all of it together) and :mod:`.checking` (row checks);
:mod:`.preview` sums up what was found for the check before screening.
"""
