"""Numbers as the documents print them: the neutral sentence of a share, the rows of the shares
and by-thôn tables (ratio, target, met, gap in percentage points), scores and counts."""

from __future__ import annotations

from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.results import Share
from hoctap_xl.text.values import format_number, format_percent, percent_digits, round_half_up


def share_words(s: Share) -> str:
    """A neutral sentence from the numbers of one share."""
    label = L.SHARE_LABELS[s.code]
    if s.ratio is None:
        return f"{label}: chưa tính được (chưa có tổng số)."
    shown = format_percent(s.ratio, percent_digits(s.ratio, s.target))
    verb = "là" if " đạt " in label else "đạt"  # "… đạt “Công dân học tập” là 35,74 %", never the verb twice
    text = f"{label} {verb} {shown} ({format_number(s.recognised)}/{format_number(s.total)})"
    if s.target is None or s.gap_points is None:
        return text + "; năm nay chưa đặt chỉ tiêu."
    target = format_percent(s.target, 0)
    gap = format_number(abs(s.gap_points), 2)
    if s.gap_points > 0:
        return f"{text}, vượt chỉ tiêu {target} là {gap} điểm phần trăm."
    if s.gap_points == 0:
        return f"{text}, đạt đúng chỉ tiêu {target}."
    return f"{text}, chưa đạt chỉ tiêu {target} (còn thiếu {gap} điểm phần trăm)."


def share_row(s: Share, last: dict[str, float | None] | None) -> dict[str, str]:
    """One row of the report's shares table; with last year's ratios, its two comparison cells."""
    row = {"ma": s.code, "ten": L.SHARE_LABELS[s.code], "so_dat": format_number(s.recognised),
           "tong_so": format_number(s.total),
           "ty_le": "—" if s.ratio is None else format_percent(s.ratio, percent_digits(s.ratio, s.target)),
           "chi_tieu": "—" if s.target is None else format_percent(s.target, 0),
           "danh_gia": "—" if s.met is None else ("Đạt" if s.met else "Chưa đạt"),
           "chenh_lech": "—" if s.gap_points is None else f"{'+' if s.gap_points > 0 else ''}"
                                                            f"{format_number(s.gap_points, 2)}"}
    if last is not None:
        before = last.get(s.code)
        row["nam_truoc"] = "—" if before is None else format_percent(before, 2)
        change = None if before is None or s.ratio is None else (s.ratio - before) * 100
        row["thay_doi"] = "—" if change is None else f"{'+' if change > 0 else ''}{format_number(change, 2)}"
    return row


def place_row(name: str, total: int | None, registered: int, got: int, ratio: float | None,
              target: float | None, bold: bool = False) -> dict[str, str]:
    """One row of a by-thôn table (``bold`` for the commune's total row)."""
    met = None if ratio is None or target is None else ratio >= target
    gap = None if ratio is None or target is None else (ratio - target) * 100
    return {"ten": name, "tong_so": count(total), "dang_ky": format_number(registered), "dat": format_number(got),
            "ty_le": "—" if ratio is None else format_percent(ratio, percent_digits(ratio, target)),
            "chi_tieu": "—" if target is None else format_percent(target, 0),
            "danh_gia": "—" if met is None else ("Đạt" if met else "Chưa đạt"),
            "chenh_lech": "—" if gap is None else f"{'+' if gap > 0 else ''}{format_number(round_half_up(gap, 2), 2)}",
            "dam": "1" if bold else ""}


def score(total: float | None) -> str:
    """A total score: whole numbers without decimals, else one decimal (``87,5``)."""
    return "" if total is None else format_number(total, 0 if float(total).is_integer() else 1)


def count(n: Any) -> str:
    """A count as printed (``1.385``), empty when not known."""
    return "" if n is None or n == "" else format_number(float(n))
