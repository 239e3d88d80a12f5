"""The native formulas of the ``Công dân học tập`` result block (see :mod:`hoctap_xl.sheets.native`).

The block is one array over the 6,000 rows: ``CHOOSE(state, …)``, where ``state`` (an N×1 number)
says what each row is — blank, a person to score, a row formulas cannot read as the core does, or
a row the core rejects (and why) — and each branch gives the six results of that case (``CHOOSE``
broadcasts its N×1 index over the six columns). Scores are read from the score block at once:
counts and totals with ``MMULT``, the lowest score by a base-B encoding (the sum of
``B^(max - score)`` has ``B^(max - lowest)`` as its leading power, read back with ``LOG``), and the
lists of Lý do by concatenating one short term per indicator. Thôn and units are found with
``MATCH`` over the trimmed names of their sheets (case-insensitive like the core, and without
COUNTIF's ``"01" = 1``). Whatever formulas cannot read as the core does — a score or Nhóm typed as
text, a score not a whole number or out of range, a name with a wildcard or a character the core
normalises (decomposed accents, zero-width, non-breaking spaces, tabs) — gives the row
``NEEDS_CHECK`` and ``CHECK_WITH_HOCTAP`` instead of a guess. Same-sheet references are relative
(the block is one array formula, entered once), which keeps the formula under Excel's 8,192
characters. The cases are listed in docs/developer-guide.md ("Native formulas: Công dân học tập").
"""

from __future__ import annotations

from hoctap_xl import layout as L
from hoctap_xl.findings import CODES
from hoctap_xl.layout import REJECTED
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.rules.scoring import TITLE_CITIZEN, TITLE_CITIZEN_EXCELLENT
from hoctap_xl.sheets.cells import index_to_col
from hoctap_xl.sheets.geometry import geometry
from hoctap_xl.sheets.native_parts import CHECK_WITH_HOCTAP, YES_WORDS, choose, column, ones, quoted, text
from hoctap_xl.text.values import format_number

NEEDS_CHECK = "Cần kiểm tra"
"""Kết quả of a row the native formulas cannot read as the core does (Lý do: ``CHECK_WITH_HOCTAP``)."""


SUSPECT_CHARACTERS = ("*?~"  # wildcards of Excel's MATCH
                      "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"  # decomposed Vietnamese accents
                      "\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad")  # invisible characters, odd spaces
"""Characters of a thôn or unit name that formulas cannot compare as the core does (and
:data:`CONTROL_CHARACTERS`)."""
CONTROL_CHARACTERS = "\t\n\r"
"""Also suspect; written ``CHAR({9,10,13})`` (a control character in a formula's text would not survive)."""

# the row states: CHOOSE's index
BLANK, SCORE, CHECK, NO_NAME, NO_THON, NO_UNIT, NO_PLACE = range(1, 8)


def _array(items: list[str]) -> str:
    return "{" + ",".join(text(x) for x in items) + "}"


def _num(x: float) -> str:
    """A number as ``rules.scoring`` writes it in Lý do."""
    if float(x).is_integer() and abs(x) < 1000:
        return str(int(x))
    return format_number(x, 0) if float(x).is_integer() else format_number(x, 2)


def _literal(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


class _People:
    """Sub-expressions (strings) of the block, composed by :meth:`expression`."""

    def __init__(self, rules: RuleSet) -> None:
        g = geometry(rules)
        me, thon, units = g["cong_dan"], g["thon"], g["don_vi"]
        self.c = rules.cong_dan
        self.n = self.c.so_chi_so
        self.first, self.last = me.first_data_row, me.last_row
        heads = me.inputs
        self.width = len(heads)
        self.name = self.col(heads.index(L.CONG_DAN_HEADERS[0]) + 1)
        self.thon = f"TRIM({self.col(heads.index(L.CONG_DAN_HEADERS[3]) + 1)})"
        self.unit = f"TRIM({self.col(heads.index(L.CONG_DAN_HEADERS[4]) + 1)})"
        self.group_col = heads.index(L.CONG_DAN_HEADERS[5]) + 1
        self.group = self.col(self.group_col)
        first_score = heads.index(L.CHI_SO[0]) + 1
        self.score_cols = list(range(first_score, first_score + self.n))
        self.scores = self.block(first_score, first_score + self.n - 1)
        self.years = self.col(heads.index(L.CONG_DAN_HEADERS[-1]) + 1)
        self.thon_names = f"TRIM({column(thon.sheet, 1, thon.first_data_row, thon.last_row)})"
        self.thon_difficult = column(thon.sheet, thon.inputs.index(L.THON_HEADERS[4]) + 1, thon.first_data_row,
                                       thon.last_row)
        self.unit_names = f"TRIM({column(units.sheet, 1, units.first_data_row, units.last_row)})"
        info_row = L.INFO_FIRST_ROW + L.INFO_LABELS.index(L.L_VUNG_KK)
        self.commune_difficult = f"{quoted(L.THONG_TIN)}!$B${info_row}"

    # -- references ------------------------------------------------------------------------------
    def col(self, index: int) -> str:
        """Input column ``index`` (1-based) of this sheet over the data rows, relative (``G4:G6003``)."""
        letter = index_to_col(index)
        return f"{letter}{self.first}:{letter}{self.last}"

    def block(self, a: int, b: int) -> str:
        """Input columns ``a..b`` (1-based) of this sheet over the data rows, relative."""
        return f"{index_to_col(a)}{self.first}:{index_to_col(b)}{self.last}"

    # -- places -----------------------------------------------------------------------------------
    @staticmethod
    def yes(value: str) -> str:
        """Element-wise: ``value`` reads as Có (``Có``, ``x``, ``TRUE``, ``1`` …)."""
        return f"ISNUMBER(MATCH(TRIM({value}),{_array(list(YES_WORDS))},0))"

    @staticmethod
    def suspects(names: str, rows: bool) -> str:
        """How many suspect characters: each row's (``rows``, N×1) or the whole list's (a number)."""
        codes = "{" + ",".join(str(ord(ch)) for ch in CONTROL_CHARACTERS) + "}"
        found = (f"ISNUMBER(FIND({_array(list(SUSPECT_CHARACTERS))},{names}))",
                 f"ISNUMBER(FIND(CHAR({codes}),{names}))")
        if rows:
            sums = (f"MMULT(--{found[0]},{ones(len(SUSPECT_CHARACTERS))})",
                    f"MMULT(--{found[1]},{ones(len(CONTROL_CHARACTERS))})")
            return f"({sums[0]}+{sums[1]})"
        return f"(SUM(--{found[0]})+SUM(--{found[1]}))"

    def difficult(self) -> str:
        """Element-wise: the commune, or the row's thôn (its first row in ``Thôn - TDP``), is a
        difficult area."""
        keys = f"{self.thon_names}&\"|\"&(--{self.yes(self.thon_difficult)})"
        thon = f"IFERROR(MATCH({self.thon}&\"|1\",{keys},0)=MATCH({self.thon},{self.thon_names},0),FALSE)"
        return f"({self.yes(self.commune_difficult)}+{thon})"

    def threshold(self) -> str:
        """Each row's threshold (a number where the rule set has one threshold)."""
        c = self.c
        if c.nguong_vung_kho_khan == c.nguong:
            return _literal(c.nguong)
        return f"IF({self.difficult()},{_literal(c.nguong_vung_kho_khan)},{_literal(c.nguong)})"

    def threshold_text(self, threshold: str) -> str:
        """The threshold as Lý do writes it."""
        c = self.c
        if all(float(t).is_integer() and abs(t) < 1000 for t in (c.nguong, c.nguong_vung_kho_khan)):
            return threshold
        if c.nguong_vung_kho_khan == c.nguong:
            return text(_num(c.nguong))
        return f"IF({threshold}={_literal(c.nguong)},{text(_num(c.nguong))},{text(_num(c.nguong_vung_kho_khan))})"

    # -- scores (in a row of state SCORE every score is blank or a whole number in range) ----------
    def count(self) -> str:
        """Each row's count of scores."""
        return f"MMULT(--ISNUMBER({self.scores}),{ones(self.n)})"

    def total(self) -> str:
        """Each row's sum of scores."""
        s = self.scores
        return f"MMULT(IF(ISNUMBER({s}),{s},0),{ones(self.n)})"

    def base(self) -> int | None:
        """The base of the lowest-score encoding, or None when it would not be exact in a double."""
        b = 2
        while b <= self.n:
            b *= 2
        span = self.c.diem_toi_da - self.c.diem_toi_thieu
        return b if b ** (span + 1) * self.n < 2 ** 52 else None

    def lowest(self, base: int) -> str:
        """Each row's lowest score (an error where there is none)."""
        s, hi = self.scores, self.c.diem_toi_da
        weights = f"IF(ISNUMBER({s}),{base}^({hi}-{s}),0)"
        return f"({hi}-INT(LOG(MMULT({weights},{ones(self.n)}),{base})+1E-9))"

    def count_low(self) -> str:
        """Each row's count of scores below the indicator minimum."""
        s, c = self.scores, self.c
        return f"MMULT(ISNUMBER({s})*({s}<{c.diem_chi_so_toi_thieu}),{ones(self.n)})"

    def group_ok(self) -> str:
        """Element-wise: Nhóm is one of the rule set's groups."""
        keys = "{" + ",".join(str(k) for k in sorted(self.c.nhom)) + "}"
        return f"ISNUMBER({self.group})*ISNUMBER(MATCH({self.group},{keys},0))"

    def unreadable(self) -> str:
        """Each row's count of cells formulas cannot read as the core does: text in Nhóm, a score or
        Số năm liên tục (the core reads ``"8"`` and ``"8,0"``), a score not whole or out of range."""
        s, c = self.scores, self.c
        out_of_range = f"({s}<>INT({s}))+({s}<{c.diem_toi_thieu})+({s}>{c.diem_toi_da})"
        bad = f"IF(ISNUMBER({s}),{out_of_range},ISTEXT({s})*(TRIM({s})<>\"\"))"
        text = "+".join(f"ISTEXT({x})*(TRIM({x})<>\"\")" for x in (self.group, self.years))
        return f"(MMULT({bad},{ones(self.n)})+{text})"

    def missing_list(self) -> str:
        """Each row's ``, thiếu chỉ số 3, thiếu chỉ số 5`` (blank scores), starting ``|``."""
        terms = [f"IF({self.col(col)}=\"\",\", thiếu {L.CHI_SO[k].lower()}\",\"\")"
                 for k, col in enumerate(self.score_cols)]
        return "\"|\"&" + "&".join(terms)

    def low_list(self) -> str:
        """Each row's ``, chỉ số 3: 4, chỉ số 7: 2`` (scores below the indicator minimum)."""
        m = self.c.diem_chi_so_toi_thieu
        terms = []
        for k, col in enumerate(self.score_cols, start=1):
            x = self.col(col)
            terms.append(f"IF(ISNUMBER({x})*({x}<{m}),\", chỉ số {k}: \"&{x},\"\")")
        return "&".join(terms)

    # -- the rows of each state -------------------------------------------------------------------
    def score_row(self, base: int) -> str:
        """The six results of a person to score: ``IF({1,1,1,0,1,0}, numbers and Lý do, Kết quả and
        Danh hiệu)``, so that the recognition test is written once."""
        c, n = self.c, self.n
        count, total, t = self.count(), self.total(), self.threshold()
        recognised = f"({count}={n})*{self.group_ok()}*({total}>={t})*({self.count_low()}=0)"
        missing = f"SUBSTITUTE(SUBSTITUTE({self.missing_list()},\"|, \",\"; Điểm không hợp lệ: \"),\"|\",\"\")"
        low = (f"SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(\"|\"&{self.low_list()}&\"#\",\"|#\",\"\"),\"|, \","
               f"\"; Có chỉ số dưới {c.diem_chi_so_toi_thieu} điểm (\"),\"#\",\")\")")
        below = f"IF({total}<{t},\"; Tổng điểm \"&{total}&\" dưới ngưỡng \"&{self.threshold_text(t)},\"\")"
        reasons = f"MID(IF({self.group_ok()},\"\",\"; Nhóm không hợp lệ\")&{missing}&{below}&{low},3,9999)"
        y = self.years
        excellent = f"ISNUMBER({y})*({y}=INT({y}))*({y}>={c.so_nam_tieu_bieu - 1})"
        title = f"IF({excellent},{text(TITLE_CITIZEN_EXCELLENT)},{text(TITLE_CITIZEN)})"
        numbers = choose([f"IF({count}=0,\"\",{total})", f"IF({count}=0,\"\",{self.lowest(base)})", t, '""',
                            f"IF({count}=0,\"Chưa chấm điểm\",{reasons})", '""'])
        verdict = (f"IF({recognised},IF({{1,1,1,1,1,0}},{text(L.RESULT_TRUE)},{title}),"
                   f"{_array(['', '', '', L.RESULT_FALSE, '', ''])})")
        return f"IF({{1,1,1,0,1,0}},{numbers},{verdict})"

    @staticmethod
    def fixed_row(result: str, reason: str) -> str:
        """A row with only Kết quả and Lý do: an array constant broadcast over the rows."""
        return _array(["", "", "", result, reason, ""])

    def rejected_row(self, code: str, name: str | None = None, **values: object) -> str:
        """A rejected row: ``Bị loại`` and the core's message, naming ``name`` (an N×1 text) if given."""
        marker = "\x00"
        if name is not None:
            values["name"] = marker
        message = CODES[code].message.format(**values)
        if name is None:
            return self.fixed_row(REJECTED, f"{REJECTED}: {message}")
        before, after = message.split(marker)
        return choose(['""', '""', '""', text(REJECTED), f"{text(f'{REJECTED}: {before}')}&{name}&{text(after)}",
                         '""'])

    def state(self) -> str:
        """Each row's state (an N×1 number, CHOOSE's index)."""
        filled = f"MMULT(--(TRIM({self.block(1, self.width)})<>\"\"),{ones(self.width)})"
        thon, unit = self.thon, self.unit
        steps = [
            (f"{filled}=0", BLANK),
            (f"TRIM({self.name})=\"\"", NO_NAME),
            (f"({thon}<>\"\")*({self.suspects(thon, True)}+{self.suspects(self.thon_names, False)})", CHECK),
            (f"({thon}<>\"\")*ISNA(MATCH({thon},{self.thon_names},0))", NO_THON),
            (f"({unit}<>\"\")*({self.suspects(unit, True)}+{self.suspects(self.unit_names, False)})", CHECK),
            (f"({unit}<>\"\")*ISNA(MATCH({unit},{self.unit_names},0))", NO_UNIT),
            (f"({thon}=\"\")*({unit}=\"\")", NO_PLACE),
            (self.unreadable(), CHECK),
        ]
        out = str(SCORE)
        for condition, value in reversed(steps):
            out = f"IF({condition},{value},{out})"
        return out

    def expression(self) -> str | None:
        """The whole block, or None when the lowest score cannot be encoded exactly or the rule set
        counts more indicators than the sheet has columns."""
        base = self.base()
        if base is None or self.n > len(L.CHI_SO):
            return None
        branches = {
            BLANK: '""',
            SCORE: self.score_row(base),
            CHECK: self.fixed_row(NEEDS_CHECK, CHECK_WITH_HOCTAP),
            NO_NAME: self.rejected_row("thieu-ten", row_no="", filled="dữ liệu", missing="chưa ghi họ và tên",
                                       effect="dòng bị loại"),
            NO_THON: self.rejected_row("thon-khong-co", self.thon, list_sheet=L.THON),
            NO_UNIT: self.rejected_row("don-vi-khong-co", self.unit, list_sheet=L.DON_VI),
            NO_PLACE: self.rejected_row("thieu-thon", alternative=" hay Đơn vị công tác"),
        }
        return f"CHOOSE({self.state()},{','.join(branches[k] for k in sorted(branches))})"


def compile_people(rules: RuleSet) -> str | None:
    """The block ``Tổng điểm``, ``Điểm thấp nhất``, ``Ngưỡng``, ``Kết quả``, ``Lý do``, ``Danh hiệu``
    as one native array expression, or None where the rule set asks what formulas cannot say."""
    return _People(rules).expression()
