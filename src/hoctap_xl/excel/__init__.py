"""The Excel edge (xlwings): the HT_ functions, the buttons, the district workbook's button."""
