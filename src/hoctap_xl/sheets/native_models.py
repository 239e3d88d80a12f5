"""The native formulas of the criteria models' result blocks: ``Gia đình học tập``, ``Dòng họ học
tập``, ``Cộng đồng học tập``, ``Đơn vị học tập`` (see :mod:`hoctap_xl.sheets.native`).

Each block is one array expression ``CHOOSE(status, blank, normal, rejected…, check)``: ``status``
is an N×1 array saying what each row is (blank, scored, one of the core's rejections, or a row the
formulas cannot read as the core does), computed once; every branch is an N×W array (``CHOOSE({1,2,…},
…)``) or a constant row. Scores are read as :func:`hoctap_xl.rules.scoring.criteria` reads them (whole
numbers between 0 and the criterion's maximum; the total of the valid ones; each criterion's
minimum, the threshold and the households' share from the rule set), and Lý do is the core's text,
piece by piece. Names are compared as the core compares them (:func:`~hoctap_xl.text.values.name_key`)
where formulas can: spaces trimmed and collapsed, zero-width characters and no-break spaces removed,
case ignored. What they cannot (decomposed letters, ``* ? ~``; see the developer guide,
"Native formulas: households, clans, communities, units") makes the row say
:data:`~hoctap_xl.sheets.native.CHECK_WITH_HOCTAP`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hoctap_xl import layout as L
from hoctap_xl.findings import CODES
from hoctap_xl.rules.ruleset import CriteriaRules, RuleSet
from hoctap_xl.sheets.geometry import geometry
from hoctap_xl.sheets.native_parts import CHECK_WITH_HOCTAP, columns, ones
from hoctap_xl.text.values import format_number, format_percent

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ODD = ("*", "?", "~", "\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u031b", "\u0323",
        "\u00a0", *_ZERO_WIDTH)
"""Characters that make a name unreadable by TRIM-based matching as the core reads it: COUNTIFS/MATCH
wildcards, the combining marks of decomposed (NFD) Vietnamese letters, no-break spaces and zero-width
characters."""
_LONG = 4000  # MID's length for "the rest of the text"
_BLANK, _NORMAL, _NO_NAME, _NO_THON, _UNKNOWN_THON, _DUPLICATE = range(1, 7)


def _text(value: str) -> str:
    """A formula string literal."""
    return '"' + value.replace('"', '""') + '"'


def _blank(x: str) -> str:
    """Whether each cell is blank as the core reads it (spaces and line breaks only); a cell of
    invisible characters is not, but it is :func:`_dirty` (CHECK)."""
    return f'(TRIM(CLEAN({x}))="")'


def _odd(x: str) -> str:
    """Whether each cell of an N×1 ``x`` holds a character formulas cannot match as the core does."""
    chars = "{" + ",".join(f'"{c}"' for c in _ODD) + "}"
    return f"(MMULT(--ISNUMBER(FIND({chars},{x})),{ones(len(_ODD))})>0)"


def _num(x: float) -> str:
    """A threshold as the core's reasons write it (``rules.scoring``)."""
    if float(x).is_integer() and abs(x) < 1000:
        return str(int(x))
    return format_number(x, 0) if float(x).is_integer() else format_number(x, 2)


@dataclass(frozen=True)
class _Sheet:
    """One table sheet of the template: its name, rows and columns (1-based); ``own``: the block's
    own sheet, whose references need no sheet name (formulas stay short)."""

    name: str
    first: int
    last: int
    headers: tuple[str, ...]
    results: tuple[str, ...]
    own: bool = False

    def _ref(self, first: int, last: int) -> str:
        full = columns(self.name, first, last, self.first, self.last)
        return full.split("!", 1)[1] if self.own else full

    def col(self, header: str) -> str:
        """The input or result column of ``header`` over the data rows."""
        i = [*self.headers, *self.results].index(header) + 1
        return self._ref(i, i)

    def block(self, first: int, last: int) -> str:
        """Input columns ``first..last`` (1-based) over the data rows."""
        return self._ref(first, last)

    @property
    def rows(self) -> str:
        """1, 2, … N: each row's position in the table."""
        return f"(ROW({self._ref(1, 1)})-{self.first - 1})"


def _sheets(rules: RuleSet, own: str) -> dict[str, _Sheet]:
    geo = geometry(rules)
    return {key: _Sheet(g.sheet, g.first_data_row, g.last_row, g.inputs, g.results, key == own)
            for key, g in geo.items()}


def _dirty(x: str) -> str:
    """Whether each cell of an N×1 ``x`` holds what TRIM-based matching cannot see as the core does:
    invisible characters, no-break spaces, line breaks, wildcards, decomposed letters."""
    return f"({_odd(x)}+(CLEAN({x})<>{x}))"


def _any_dirty(x: str) -> str:
    """Whether any cell of a column is a name COUNTIFS cannot match as the core does (also stray
    spaces: the column is the range searched, not a criterion)."""
    chars = "{" + ",".join(f'"{c}"' for c in _ODD) + "}"
    return f"(SUM(ISNUMBER(FIND({chars},{x}))+({x}<>TRIM(CLEAN({x}))))>0)"


# --- the scores of a row ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Scores:
    """N×1 pieces of the scores part of a row (``rules.scoring.criteria`` with ``reading.scores``)."""

    valid: str       # count of valid scores
    total: str       # their sum
    low: str         # count of valid scores below their criterion's minimum
    other: str       # whether a score cell holds text or a logical value (the core parses text: CHECK)
    reasons: str     # "; …" pieces of Lý do before the households' one (invalid, threshold, minimums)
    n: int


def _number(x: str) -> str:
    """The numbers of ``x``, -1 elsewhere: no error in any element (Calc misaligns an array
    concatenation once an IF condition holds an error, so no piece may hold one)."""
    return f"IF(ISNUMBER({x}),{x},-1)"


def _scores(t: _Sheet, fixed: int, crit: CriteriaRules) -> _Scores:
    """A text or logical score makes the row CHECK (``other``)."""
    n = len(crit.tieu_chi)
    block = t.block(fixed + 1, fixed + n)
    value = _number(block)
    highest = "{" + ",".join(str(c.diem_toi_da) for c in crit.tieu_chi) + "}"
    lowest = "{" + ",".join(str(c.diem_toi_thieu) for c in crit.tieu_chi) + "}"
    valid = f"({value}=INT({value}))*({value}>=0)*({value}<={highest})"
    heads = L.tieu_chi_headers(n)
    invalid, below = [], []
    for c, head in zip(crit.tieu_chi, heads, strict=True):
        r, h = t.col(head), head.lower()
        v = _number(r)
        invalid.append(f'IF(ISNUMBER({r}),IF({v}<>INT({v}),{_text(f", {h} không phải số nguyên")},'
                       f'IF(({v}<0)+({v}>{c.diem_toi_da}),{_text(f", {h} ngoài khoảng 0–{c.diem_toi_da}")},"")),'
                       f'{_text(f", thiếu {h}")})')
        if c.diem_toi_thieu > 0:
            below.append(f'IF(({v}=INT({v}))*({v}>=0)*({v}<{c.diem_toi_thieu}),'
                         f'{_text(f"; {c.ma} đạt ")}&{r}&{_text(f", dưới mức tối thiểu {c.diem_toi_thieu}")},"")')
    total = f"MMULT({valid}*{value},{ones(n)})"
    count = f"MMULT({valid},{ones(n)})"
    reasons = (f'IF({count}<{n},"; Điểm không hợp lệ: "&MID({"&".join(invalid)},3,{_LONG}),"")'
               f'&IF({total}<{crit.nguong},"; Tổng điểm "&{total}&{_text(f" dưới ngưỡng {_num(crit.nguong)}")},"")'
               + "".join("&" + b for b in below))
    return _Scores(count, total, f"MMULT({valid}*({value}<{lowest}),{ones(n)})",
                   f'(MMULT((1-ISNUMBER({block}))*(TRIM({block})<>""),{ones(n)})>0)', reasons, n)


def _present(t: _Sheet, width: int) -> str:
    """Whether a row has any input cell filled (``Table.records``)."""
    return f'(MMULT(1-{_blank(t.block(1, width))},{ones(width)})>0)'


# --- the households' share of a clan or a community -----------------------------------------------

@dataclass(frozen=True)
class _Households:
    """N×1 pieces of "≥ x % of the households recognised": recognised households, denominator and
    whether the formulas cannot be sure of them."""

    got: str
    of: str        # 0 where the core has no denominator
    unsure: str


def _households(sheets: dict[str, _Sheet], m: _Model, name: str) -> _Households:
    """Households naming this row (TRIM-matched, case ignored) whose Kết quả is Đạt; unsure where one
    of them shows CHECK or any household's cell is not clean (COUNTIFS would miss it)."""
    hh = sheets["gia_dinh"]
    assert m.households is not None
    cells, result = hh.col(m.households), hh.col("Kết quả")
    by = f'{cells},"="&{name},{result}'
    got = f'COUNTIFS({by},"{L.RESULT_TRUE}")'
    unsure = f'(COUNTIFS({by},"{CHECK_WITH_HOCTAP}")>0)+{_any_dirty(cells)}'
    t = sheets[m.key]
    if m.key == "dong_ho":  # a denominator typed as text, negative or not whole: CHECK
        cell = t.col(L.DONG_HO_HEADERS[3])
        of = f"IF(ISNUMBER({cell}),{cell},0)"
        return _Households(got, of, f"{unsure}+({of}<>INT({of}))+({of}<0)+ISTEXT({cell})")
    thon = sheets["thon"]
    names, counts = thon.col(L.THON_HEADERS[0]), thon.col(L.THON_HEADERS[1])
    of = f'SUMIFS({counts},{names},"="&{name})'
    # the core takes the first thôn row of that name and reads "1.385" typed as text: CHECK those
    # (text anywhere in the column: COUNTIFS cannot single out text cells in both engines)
    unsure += (f'+(COUNTIFS({names},"="&{name})>1)+(SUM(--ISTEXT({counts}))>0)'
               f'+({of}<0)+({of}<>INT({of}))')
    return _Households(got, of, unsure)


def _share_parts(h: _Households, crit: CriteriaRules) -> tuple[str, str, str]:
    """(ratio column, recognised factor, Lý do piece) of the households' condition."""
    got, of = h.got, h.of
    quotient = f"{got}/IF({of}>0,{of},1)"  # never an error: no element of any piece may be one
    ratio = f'IF({of}>0,{quotient},"")'
    need = crit.ty_le_ho_gdht_toi_thieu
    if need is None:
        return ratio, "1", '""'
    share = f"IF({of}>0,{quotient},-1)"
    percent = f'SUBSTITUTE(FIXED({quotient}*100,2,TRUE),".",",")'
    piece = (f'IF({of}>0,IF({quotient}<{need},"; Hộ đạt Gia đình học tập "&{got}&"/"&{of}&" ("&{percent}'
             f'&{_text(f" %), dưới {format_percent(need, 0)}")},""),'
             '"; Chưa có tổng số hộ để tính tỷ lệ hộ đạt Gia đình học tập")')
    return ratio, f"({share}>={need})", piece


# --- one block ------------------------------------------------------------------------------------

def _message(code: str, **values: object) -> str:
    return "Bị loại: " + CODES[code].message.format(**values)  # what findings.finding writes


def _row(width: int, values: Sequence[str]) -> str:
    """A branch: CHOOSE({1,…,width}, …) of N×1 columns (a constant row when all are literals)."""
    if all(v.startswith('"') and v.endswith('"') and "&" not in v for v in values):
        return "{" + ",".join(values) + "}"
    index = "{" + ",".join(str(i) for i in range(1, width + 1)) + "}"
    return f"CHOOSE({index},{','.join(values)})"


def _verdict_branch(s: _Scores, width: int, h: _Households | None, crit: CriteriaRules) -> str:
    total = f'IF({s.valid}>0,{s.total},"")'
    recognised = f"({s.valid}={s.n})*({s.total}>={crit.nguong})*({s.low}=0)"
    reasons = s.reasons
    cols = [total]
    if h is not None:
        ratio, ok, piece = _share_parts(h, crit)
        recognised += f"*{ok}"
        reasons += "&" + piece
        cols += [h.got, ratio]
    verdict = f'IF({recognised},"{L.RESULT_TRUE}","{L.RESULT_FALSE}")'
    reason = f'IF({s.valid}=0,"Chưa chấm điểm",MID({reasons},3,{_LONG}))'
    return _row(width, [*cols, verdict, reason])


def _rejected_branch(width: int, reason: str) -> str:
    return _row(width, ['""'] * (width - 2) + ['"Bị loại"', reason])


@dataclass(frozen=True)
class _Model:
    """What one model's block needs: its sheet, name column and what it checks of a row."""

    key: str
    name: str                   # the header of the name column
    what: str                   # the name in a thieu-ten message ("họ tên chủ hộ")
    kind: str | None            # the duplicate message's subject ("Dòng họ"), None: names may repeat
    thon: str | None            # the header of the thôn column, None without one
    thon_required: bool
    households: str | None      # the household column counted for the share ("Dòng họ", "Thôn/TDP")


def _split(code: str, **values: object) -> list[str]:
    """A rejection message cut where its ``\\x00`` values go, as formula literals."""
    return [_text(part) for part in _message(code, **values).split("\x00")]


def _thon_status(m: _Model, t: _Sheet, sheets: dict[str, _Sheet], width: int,
                 statuses: list[tuple[str, int]], branches: dict[int, str], checks: list[str]) -> str:
    """The thôn checks of a row (missing, unreadable, unknown); returns "the thôn is fine"."""
    assert m.thon is not None
    cell = t.col(m.thon)
    thon = f"TRIM({cell})"
    names = sheets["thon"].col(L.THON_HEADERS[0])
    if m.thon_required:
        statuses.append((_blank(cell), _NO_THON))
        branches[_NO_THON] = _rejected_branch(width, _text(_message("thieu-thon", alternative="")))
    unknown = f'({thon}<>"")*(COUNTIF({names},"="&{thon})=0)'
    checks.append(f"{_dirty(cell)}+{unknown}*{_any_dirty(names)}")
    statuses.append((f"({unknown})", _UNKNOWN_THON))
    before, after = _split("thon-khong-co", name="\x00", list_sheet=L.THON)
    branches[_UNKNOWN_THON] = _rejected_branch(width, f"{before}&{thon}&{after}")
    return f"(1-{unknown})"


def _compile(m: _Model, rules: RuleSet) -> str:
    sheets = _sheets(rules, m.key)
    t, crit = sheets[m.key], rules.criteria(m.key)
    fixed = len(L.MODEL_FIXED_HEADERS[m.key])
    width = len(t.results)
    s = _scores(t, fixed, crit)
    cell = t.col(m.name)
    name = f"TRIM({cell})"
    statuses: list[tuple[str, int]] = [(_blank(cell), _NO_NAME)]
    checks: list[str] = []
    branches = {_NO_NAME: _rejected_branch(width, _text(_message(
        "thieu-ten", row_no="", filled="dữ liệu", missing=f"chưa ghi {m.what}", effect="dòng bị loại")))}
    ok = f'({name}<>"")'
    if m.kind is not None and m.thon != m.name:
        checks.append(_dirty(cell))
    if m.thon is not None:
        ok += "*" + _thon_status(m, t, sheets, width, statuses, branches, checks)
    if m.kind is not None:
        first = f"IFERROR(MATCH({name},IF({ok},{name},-1),0),0)"
        statuses.append((f"({first}<{t.rows})", _DUPLICATE))
        before, middle, after = _split("trung-ten", kind=m.kind, name="\x00", first_row="\x00")
        branches[_DUPLICATE] = _rejected_branch(
            width, f"{before}&{name}&{middle}&({first}+{t.first - 1})&{after}")
    checks.append(s.other)
    h = None
    if m.households is not None:
        h = _households(sheets, m, name)
        checks.append(f'({name}<>"")*({h.unsure})')
    branches[_NORMAL] = _verdict_branch(s, width, h, crit)
    status = str(_NORMAL)
    for condition, code in reversed(statuses):
        status = f"IF({condition},{code},{status})"
    status = f"IF({_present(t, len(t.headers))},{status},{_BLANK})"  # the optional columns too, as the core
    options = ['""'] + [branches.get(code, '""') for code in range(_NORMAL, _DUPLICATE + 1)]
    mask = "{" + ",".join(["0"] * (width - 2) + ["1", "1"]) + "}"
    # a row formulas cannot read as the core does says so in Kết quả and Lý do, whatever its status
    return f'IF(({"+".join(checks)}>0)*{mask},"{CHECK_WITH_HOCTAP}",CHOOSE({status},{",".join(options)}))'


_MODELS = {
    "gia_dinh": _Model("gia_dinh", L.GIA_DINH_HEADERS[0], "họ tên chủ hộ", None, L.GIA_DINH_HEADERS[1], True, None),
    "dong_ho": _Model("dong_ho", L.DONG_HO_HEADERS[0], "tên dòng họ", "Dòng họ", L.DONG_HO_HEADERS[2], False,
                      L.GIA_DINH_HEADERS[2]),
    "cong_dong": _Model("cong_dong", L.CONG_DONG_HEADERS[0], "tên thôn/TDP", "Thôn", L.CONG_DONG_HEADERS[0], False,
                        L.GIA_DINH_HEADERS[1]),
    "don_vi": _Model("don_vi", L.DON_VI_HEADERS[0], "tên đơn vị", "Đơn vị", None, False, None),
}


def _compiler(key: str) -> Callable[[RuleSet], str | None]:
    def compile_block(rules: RuleSet) -> str | None:
        return _compile(_MODELS[key], rules)
    compile_block.__doc__ = f"The native expression of the ``{L.CRITERIA_MODELS[key]}`` result block."
    return compile_block


COMPILERS: dict[str, Callable[[RuleSet], str | None]] = {key: _compiler(key) for key in _MODELS}
"""Block key → its compiler."""
