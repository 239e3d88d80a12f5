"""Where the commune template puts each table, header row and result block (pure, no XlsxWriter).

Computed once, here, and used by the template builder (:mod:`hoctap_xl.formats.template`) *and* by
:func:`result_blocks`, which the ``score`` command, the ``Tính lại`` button and the golden tests
rely on: the builder writes the formulas where this module says they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from hoctap_xl import layout as L
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.sheets.cells import index_to_col

# --- geometry of the sheets that are not plain tables (1-based rows) --------------------------
CAP_XA_LEVEL_COL = 6  # 0-based: column G, label in the header row, formula one below
RULES_HEADER_ROW = 10
"""Header row of the ``Bộ tiêu chí`` table, under a 9-row heading (title, name, six sources);
the reader finds it by text within its first 10 rows (grid.MAX_HEADER_SCAN)."""
TONG_HOP_SHARES_HEADER = 4   # block 1: header row; the 7 share rows follow
TONG_HOP_LEVEL_ROW = 13      # the CĐHT cấp xã level (label in A, formula in B)
TONG_HOP_THON_HEADER = 16    # block 2: header row; one row per preallocated thôn follows
TONG_HOP_THON_COL = 1        # 0-based: block 2 starts in column B (the wide one) for thôn names
CHI_TIEU_SPARE_YEARS = 3     # empty, unlocked year columns for the official to add a year
INFO_NAME_LAST_ROW = 40


def cell_name(row0: int, col0: int) -> str:
    """A 0-based (row, column) as a cell name: (3, 18) → ``S4``."""
    return f"{index_to_col(col0 + 1)}{row0 + 1}"


@dataclass(frozen=True)
class TableGeometry:
    """One table sheet of the template: its input and result headers, header row and row count."""

    key: str
    sheet: str
    inputs: tuple[str, ...]
    results: tuple[str, ...]
    header_row: int  # 1-based
    rows: int

    @property
    def first_data_row(self) -> int:
        """1-based row of the first preallocated data row."""
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        """1-based row of the last preallocated data row."""
        return self.header_row + self.rows

    @property
    def input_range(self) -> str:
        """Header row through the last preallocated row across the input columns (absolute)."""
        return f"$A${self.header_row}:${index_to_col(len(self.inputs))}${self.last_row}"

    @property
    def result_range(self) -> str:
        """The result block: every result column × every preallocated row (``S4:X6003``)."""
        first = index_to_col(len(self.inputs) + 1)
        last = index_to_col(len(self.inputs) + len(self.results))
        return f"{first}{self.first_data_row}:{last}{self.last_row}"

    def column_of(self, header: str) -> str:
        """Letter of an input or result column."""
        return index_to_col([*self.inputs, *self.results].index(header) + 1)


def geometry(rules: RuleSet) -> dict[str, TableGeometry]:
    """Every table sheet's headers and rows for this rule set (criteria counts vary). The inputs
    are :func:`table_inputs` (the optional columns of template 1.3 included), so the result block
    starts right of the last of them. ``chi_tieu`` is not here: its columns depend on the target years."""
    out = {}
    for key, spec in L.TABLES.items():
        if key == "chi_tieu":
            continue
        out[key] = TableGeometry(key, spec.sheet, table_inputs(key, rules), spec.results, L.HEADER_ROW, spec.rows)
    return out


def tong_hop_blocks() -> dict[str, tuple[int, int, int, int]]:
    """0-based (first row, first col, last row, last col) of the ``Tổng hợp`` result blocks."""
    shares0 = TONG_HOP_SHARES_HEADER  # first data row, 0-based (= header row 1-based)
    thon0 = TONG_HOP_THON_HEADER
    return {
        "ty_le": (shares0, 2, shares0 + len(L.SHARE_CODES) - 1, 1 + len(L.SHARE_RESULT_HEADERS)),
        "theo_thon": (thon0, TONG_HOP_THON_COL, thon0 + L.TABLES["thon"].rows - 1,
                      TONG_HOP_THON_COL + len(L.BY_THON_HEADERS) - 1),
    }


def result_blocks(rules: RuleSet) -> dict[str, tuple[str, str]]:
    """Key of :data:`layout.FORMULAS` → (sheet, range) where the template puts that formula."""
    out = {key: (g.sheet, g.result_range) for key, g in geometry(rules).items() if g.results}
    out["cap_xa"] = (L.CAP_XA, cell_name(L.HEADER_ROW, CAP_XA_LEVEL_COL))
    for key, (r0, c0, r1, c1) in tong_hop_blocks().items():
        out[key] = (L.TONG_HOP, f"{cell_name(r0, c0)}:{cell_name(r1, c1)}")
    return out


def table_headers(key: str, rules: RuleSet) -> tuple[str, ...]:
    """The input headers of table ``key`` under a rule set (the criteria tables have N ``Tiêu chí``)."""
    n = len(rules.criteria(key).tieu_chi) if key in L.CRITERIA_MODELS else 0
    return L.headers_for(key, n)


def table_inputs(key: str, rules: RuleSet) -> tuple[str, ...]:
    """Every input column the template lays out for table ``key``, in order: the contract's
    (:func:`table_headers`), then the optional ones (:data:`layout.OPTIONAL_HEADERS`, template 1.3)."""
    return (*table_headers(key, rules), *L.OPTIONAL_HEADERS.get(key, ()))


def structure_headers(rules: RuleSet) -> dict[str, tuple[str, ...]]:
    """Input headers per sheet, as hashed into ``_meta``'s ``cau_truc_hash``: the contract's only
    (:func:`table_headers`), so a workbook of template 1.2 (without the optional columns) and one of
    1.3 both hash as built, and deleting an optional column is not a structure change."""
    return {spec.sheet: table_headers(key, rules) for key, spec in L.TABLES.items()}
