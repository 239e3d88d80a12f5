"""The paperwork of a sample commune: ``Thông tin chung`` and the commune-level checklist.

The signer, the decision and report numbers, the report date (a working day in early December)
and the level above; the checklist's items from the rule set, each with a plausible piece of
evidence, most reaching level 1 and about half level 2.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.rules import ruleset as R
from hoctap_xl.samples.names import CITIES, PersonNames
from hoctap_xl.samples.scores import row
from hoctap_xl.text.values import name_key

_EVIDENCE = {
    1: ("Nghị quyết số {n}/NQ-ĐU ngày {d}", "Kế hoạch số {n}/KH-UBND ngày {d}", "Báo cáo số {n}/BC-UBND ngày {d}"),
    2: ("Kế hoạch số {n}/KH-UBND ngày {d}", "Quy chế phối hợp số {n}/QC-UBND ngày {d}",
        "Báo cáo số {n}/BC-HKH ngày {d}"),
    3: ("Quyết định số {n}/QĐ-UBND ngày {d} (xếp loại TTHTCĐ)", "Sổ theo dõi thư viện, điểm đọc sách năm {y}",
        "Báo cáo số {n}/BC-VHXH ngày {d}"),
    4: ("Quyết định số {n}/QĐ-UBND ngày {d} của UBND tỉnh", "Biên bản kiểm tra phổ cập giáo dục ngày {d}",
        "Quyết định số {n}/QĐ-UBND ngày {d} (xóa mù chữ)"),
    5: ("Biểu tổng hợp kết quả đánh giá các mô hình học tập năm {y}", "Báo cáo số {n}/BC-UBND ngày {d}",
        "Báo cáo số {n}/BC-UBND ngày {d} (kinh tế - xã hội)"),
}


def checklist(rng: random.Random, rules: R.RuleSet, year: int) -> list[dict[str, Any]]:
    """The ``cap_xa`` rows: sometimes one item misses level 1; level 2 never all the same."""
    items = rules.cap_xa.chi_tieu
    missing = rng.randrange(len(items)) if rng.random() < 0.35 else -1
    rows: list[dict[str, Any]] = []
    position: dict[int, int] = {}
    for i, item in enumerate(items):
        p = position[item.tieu_chi] = position.get(item.tieu_chi, -1) + 1
        patterns = _EVIDENCE.get(item.tieu_chi, ("Báo cáo số {n}/BC-UBND ngày {d}",))
        day = f"{rng.randint(1, 28)}/{rng.randint(1, 11)}/{year}"
        evidence = patterns[p % len(patterns)].format(n=rng.randint(3, 180), d=day, y=year)
        level1 = i != missing
        level2 = level1 and rng.random() < 0.55
        rows.append(row(L.CAP_XA_HEADERS, (item.ma, item.noi_dung, L.YES if level1 else L.NO,
                                            L.YES if level2 else L.NO, evidence)))
    if len(rows) > 1 and all(r[L.CAP_XA_HEADERS[3]] == rows[0][L.CAP_XA_HEADERS[3]] for r in rows):
        flip = 0 if rows[0][L.CAP_XA_HEADERS[2]] == L.YES else 1
        rows[flip][L.CAP_XA_HEADERS[3]] = L.NO if rows[flip][L.CAP_XA_HEADERS[3]] == L.YES else L.YES
    return rows


def commune_info(rng: random.Random, names: PersonNames, province: str, commune: str, year: int, code: str,
                 difficult: bool, above: str) -> dict[str, Any]:
    """``Thông tin chung``: layout label → value, in the layout's order."""
    level = "thành phố" if name_key(province) in {name_key(c) for c in CITIES} else "tỉnh"
    above = above or rng.choice((f"UBND {level} {province}", f"Hội Khuyến học {level} {province}"))
    number = rng.choice((rng.randint(3, 40), rng.randint(150, 480)))

    def decision(n: int) -> str:
        return rng.choice((str(n), f"{n:02d}", f"{n:02d}/QĐ-UBND"))

    report = rng.randint(5, 60) if number < 100 else rng.randint(150, 400)
    day = dt.date(year, 12, rng.randint(1, 10))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    values: dict[str, Any] = {
        L.L_TINH: province, L.L_CAP_TREN: above, L.L_XA: commune,
        L.L_MA: code or f"{rng.randint(1, 32999):05d}", L.L_NAM: year, L.L_VUNG_KK: L.YES if difficult else L.NO,
        L.L_NGUOI_KY: names.person(rng, rng.random() < 0.35), L.L_CHUC_VU: "PHÓ CHỦ TỊCH",
        L.L_THAM_QUYEN: "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH",
        L.L_SO_BAO_CAO: rng.choice((str(report), f"{report}/BC-UBND")),
    }
    for i, label in enumerate(L.L_SO_QD.values()):
        values[label] = decision(number + i)
    values[L.L_NGAY] = day
    return {label: values[label] for label in L.INFO_LABELS}
