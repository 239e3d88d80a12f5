"""The jobs the buttons and the command line share: aggregate a folder, write the documents, carry a workbook."""
