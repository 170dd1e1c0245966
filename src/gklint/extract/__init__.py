"""``gklint extract``: the tables of reports as normalised data, one row per value cell
(``rows``), written as CSV, JSON Lines or a workbook (``writers``)."""
