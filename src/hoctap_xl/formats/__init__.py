"""One adapter per file format: the workbook read, guarded, patched and built; summary, Word, Parquet, lists."""
