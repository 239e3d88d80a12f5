"""Property-based tests (hypothesis) for the core and the reader's cell handling."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoctap_xl import layout as L
from hoctap_xl.commune.evaluate import evaluate
from hoctap_xl.commune.results import Share
from hoctap_xl.level_above.files import FileResult
from hoctap_xl.level_above.totals import totals
from hoctap_xl.rules import ruleset as R
from hoctap_xl.rules import scoring
from hoctap_xl.sheets.grid import from_records

RULES = R.default()
CD = RULES.cong_dan
GD = RULES.criteria("gia_dinh")
scores10 = st.lists(st.integers(min_value=CD.diem_toi_thieu, max_value=CD.diem_toi_da), min_size=10, max_size=10)


@given(scores10, st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9), st.booleans())
def test_raising_a_score_never_unrecognises_a_citizen(scores, i, step, difficult):
    before = scoring.citizen(scores, CD, difficult=difficult)
    raised = list(scores)
    raised[i] = min(CD.diem_toi_da, raised[i] + step)
    after = scoring.citizen(raised, CD, difficult=difficult)
    assert not before.recognised or after.recognised
    assert after.total is not None and before.total is not None and after.total >= before.total


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=len(GD.tieu_chi), max_size=len(GD.tieu_chi)),
       st.integers(min_value=0, max_value=len(GD.tieu_chi) - 1), st.integers(min_value=1, max_value=10))
def test_raising_a_criterion_never_unrecognises_a_household(scores, i, step):
    caps = [c.diem_toi_da for c in GD.tieu_chi]
    scores = [min(s, cap) for s, cap in zip(scores, caps, strict=True)]
    before = scoring.criteria(scores, GD)
    raised = list(scores)
    raised[i] = min(caps[i], raised[i] + step)
    assert not before.recognised or scoring.criteria(raised, GD).recognised


cell = st.one_of(st.none(), st.integers(-5, 120), st.floats(allow_nan=True, allow_infinity=True),
                 st.text(max_size=6), st.sampled_from(["", " 8 ", "8,0", "tám", "#N/A", "Có", "không", "1.5"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, min_size=18, max_size=18), min_size=0, max_size=6),
       st.lists(st.lists(cell, min_size=5, max_size=5), min_size=0, max_size=3))
def test_any_cell_values_give_results_or_findings_never_an_exception(people, thon):
    heads = L.headers_for("cong_dan", 0)
    thon_rows = [dict(zip(L.THON_HEADERS, r, strict=False)) for r in thon]
    grids = {
        L.THONG_TIN: from_records(L.THONG_TIN, ["Mục", "Giá trị"], [], header_row=L.HEADER_ROW),
        L.THON: from_records(L.THON, list(L.THON_HEADERS), thon_rows, header_row=L.HEADER_ROW),
        L.CONG_DAN: from_records(L.CONG_DAN, list(heads), [dict(zip(heads, r, strict=False)) for r in people],
                                 header_row=L.HEADER_ROW),
    }
    result = evaluate(grids, RULES)
    result.to_json()
    if not result.has_errors:
        assert all(s.ratio is None or 0 <= s.ratio <= 1 for s in result.shares)


shares = st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=len(L.SHARE_CODES),
                  max_size=len(L.SHARE_CODES))


@given(st.lists(shares, min_size=1, max_size=8))
def test_the_level_above_totals_are_the_sums_over_communes(communes):
    files = [FileResult(f"{i}.xlsm", shares=[Share(code, min(a, b), max(a, b), None)
                                             for code, (a, b) in zip(L.SHARE_CODES, s, strict=True)])
             for i, s in enumerate(communes)]
    for k, total in enumerate(totals(files, "quoc-gia", 2025)):
        assert total.recognised == sum(f.shares[k].recognised for f in files)
        assert total.total == sum(f.shares[k].total for f in files)
        assert total.ratio is None or 0 <= total.ratio <= 1
