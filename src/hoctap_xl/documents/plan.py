"""What each Word document says, computed in Python and ready to print (no Word library here).

:func:`plan` turns a computed commune into the list of documents of documents.md — file name,
template, and a context of plain strings, lists and dicts in which every number and date is
already formatted the Vietnamese way. Templates only place these values; they compute nothing.
:func:`blocking` says which ``lỗi`` findings would make a document wrong. The variables each
template may use are registered in :data:`VARIABLES` (the reference page and
``check-template`` are built from it).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from hoctap_xl import layout as L
from hoctap_xl.commune.results import CommuneResult, EntityResult, PersonResult, Share
from hoctap_xl.findings import Finding
from hoctap_xl.rules.targets import resolve
from hoctap_xl.sheets.grid import Grid
from hoctap_xl.text.values import (
    clean_text,
    format_date_long,
    format_date_short,
    format_doc_number,
    format_number,
    format_percent,
    percent_digits,
    round_half_up,
)

# --- the models as documents name them -------------------------------------------------------

MODEL_SLUGS = {"cong_dan": "cong-dan", "gia_dinh": "gia-dinh", "dong_ho": "dong-ho", "cong_dong": "cong-dong",
               "don_vi": "don-vi"}
MODEL_SHEET = {"cong_dan": L.CONG_DAN, "gia_dinh": L.GIA_DINH, "dong_ho": L.DONG_HO, "cong_dong": L.CONG_DONG,
               "don_vi": L.DON_VI}
COUNTED = {"cong_dan": "công dân", "gia_dinh": "gia đình", "dong_ho": "dòng họ", "cong_dong": "thôn, tổ dân phố",
           "don_vi": "cơ quan, trường học, doanh nghiệp"}
# annex columns after STT: name, place, one more fact, total score (then Ghi chú)
COLUMNS = {"cong_dan": ("Họ và tên", "Thôn/TDP, đơn vị", "Nhóm", "Tổng điểm"),
           "gia_dinh": ("Họ tên chủ hộ", "Thôn/TDP", "Dòng họ", "Tổng điểm"),
           "dong_ho": ("Tên dòng họ", "Thôn/TDP", "Trưởng họ", "Tổng điểm"),
           "cong_dong": ("Thôn/TDP", "Số hộ", "Số hộ đạt GĐHT", "Tổng điểm"),
           "don_vi": ("Tên đơn vị", "Loại đơn vị", "Số CBCCVC, NLĐ", "Tổng điểm")}
SHARE_MODEL = {"GIA_DINH": "gia_dinh", "DONG_HO": "dong_ho", "CONG_DONG": "cong_dong", "DON_VI": "don_vi"}
SHORT_LABELS = {"GIA_DINH": "Gia đình học tập", "DONG_HO": "Dòng họ học tập", "CONG_DONG": "Cộng đồng học tập",
                "DON_VI": "Đơn vị học tập", "CONG_DAN_CONG_DONG": "Công dân học tập (cộng đồng)",
                "CONG_DAN_DON_VI": "Công dân học tập (đơn vị)", "KY_NANG_SO": "Công dân học tập có kỹ năng số"}
"""Chart labels and lists of shares in sentences; documents never abbreviate the models."""

# the free-text sections of the optional sheet `Nội dung báo cáo` (column A labels, exact)
TEXT_SECTIONS = {"I. Công tác lãnh đạo, chỉ đạo, tuyên truyền": "lanh_dao", "III. Ưu điểm": "uu_diem",
                 "III. Hạn chế": "han_che", "III. Nguyên nhân": "nguyen_nhan", "IV. Phương hướng": "phuong_huong",
                 "V. Đề xuất, kiến nghị": "de_xuat", "Nơi nhận": "noi_nhan"}
DRAFT = "DỰ THẢO"


@functools.cache
def _legal() -> dict[str, Any]:
    text = resources.files("hoctap_xl").joinpath("data/van-ban.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


# --- the commune as the documents name it ----------------------------------------------------

def _commune_name(xa: str) -> tuple[str, str]:
    """``Tân Văn`` → (``xã``, ``Tân Văn``); ``Phường Đông Kinh`` → (``phường``, ``Đông Kinh``)."""
    for kind in ("thị trấn", "phường", "xã"):
        if xa.casefold().startswith(kind + " "):
            return kind, xa[len(kind) + 1:].strip()
    return "xã", xa


def _lines(value: Any) -> list[str]:
    """A cell holding several lines (line breaks or ``;``)."""
    text = "" if value is None else str(value)
    parts = [clean_text(p) for chunk in text.splitlines() for p in chunk.split(";")]
    return [p for p in parts if p]


@dataclass
class Commune:
    """The facts every document of one commune prints."""

    kind: str          # xã / phường / thị trấn
    name: str          # Tân Văn
    tinh: str
    nam: int
    cap_tren: str
    ngay: dt.date | None
    signer: str
    title: str
    authority: list[str]

    @property
    def full(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def ubnd(self) -> str:
        return f"Ủy ban nhân dân {self.full}"

    def place_date(self) -> str:
        return f"{self.name}, {format_date_long(self.ngay, self.nam)}"

    def issued(self) -> str:
        gap = "\u00a0" * 5
        return f"ngày {format_date_short(self.ngay)}" if self.ngay else f"ngày{gap}/{gap}/{self.nam}"


def commune_of_name(xa: str) -> str:
    """``Tân Văn`` → ``xã Tân Văn``; ``Phường Đông Kinh`` → ``phường Đông Kinh``."""
    kind, name = _commune_name(xa)
    return f"{kind} {name}"


def commune_of(result: CommuneResult) -> Commune:
    info = result.info
    kind, name = _commune_name(info.xa)
    return Commune(kind=kind, name=name, tinh=info.tinh, nam=info.nam or 0, cap_tren=info.text(L.L_CAP_TREN),
                   ngay=info.ngay, signer=info.text(L.L_NGUOI_KY), title=info.text(L.L_CHUC_VU).upper(),
                   authority=[a.upper() for a in _lines(info.values.get(L.L_THAM_QUYEN))])


def read_texts(grid: Grid | None) -> dict[str, list[str]]:
    """The optional sheet ``Nội dung báo cáo``: section label in column A, text in column B
    (several paragraphs by line breaks). A missing sheet or empty cell gives no entry."""
    out: dict[str, list[str]] = {}
    if grid is None:
        return out
    for row in grid.rows:
        if len(row) < 2:
            continue
        key = TEXT_SECTIONS.get(clean_text(row[0]))
        paragraphs = [clean_text(p) for p in str(row[1] or "").splitlines() if clean_text(p)]
        if key and paragraphs:
            out[key] = paragraphs
    return out


# --- what stops a document ---------------------------------------------------------------------

def document_findings(result: CommuneResult, file: str | None = None) -> list[Finding]:
    """Facts only the documents need: who signs, with what authority, for which year."""
    info, out = result.info, []
    for label, what in ((L.L_NGUOI_KY, "họ tên người ký"), (L.L_CHUC_VU, "chức vụ người ký"),
                        (L.L_THAM_QUYEN, "thẩm quyền ký (vd. TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH)"),
                        (L.L_XA, "tên xã/phường"), (L.L_NAM, "năm đánh giá")):
        if not info.text(label):
            out.append(Finding("van-ban-thieu-thong-tin", f"Văn bản cần {what}: ô \u201c{label}\u201d đang trống.",
                               L.THONG_TIN, info.cells.get(label), file))
    return out


def blocking(findings: list[Finding], documents: list[DocumentPlan]) -> list[tuple[Finding, list[str]]]:
    """Each ``lỗi`` with the documents it would make wrong: information, thôn and rule set reach
    every document; a model's sheet reaches that model's documents and the report; targets and
    the commune checklist reach the report."""
    out = []
    for f in findings:
        if not f.is_error:
            continue
        hit = [d.file for d in documents if f.sheet in d.sheets or f.sheet is None
               or f.sheet in (L.THONG_TIN, L.THON, L.BO_TIEU_CHI)]
        if hit:
            out.append((f, hit))
    return out


@dataclass
class DocumentPlan:
    template: str              # file name in templates/docx/
    file: str                  # output file name
    sheets: tuple[str, ...]    # sheets whose lỗi make it wrong
    context: dict[str, Any] = field(default_factory=dict)
    chart: list[dict[str, Any]] | None = None  # data of the shares chart, drawn by the Word edge


# --- shared pieces of context ------------------------------------------------------------------

def _header(c: Commune, number: Any, kind: str, draft: bool) -> dict[str, Any]:
    return {"co_quan_cha": "", "co_quan_1": "ỦY BAN NHÂN DÂN", "co_quan_2": c.full.upper(),
            "so_ky_hieu": f"Số: {format_doc_number(number, kind)}", "dia_danh_ngay": c.place_date(),
            "du_thao": DRAFT if draft else "", "xa": c.full, "ten_xa": c.name, "tinh": c.tinh,
            "nam": str(c.nam), "nam_sau": str(c.nam + 1)}


def _signer(c: Commune) -> dict[str, Any]:
    return {"tham_quyen": c.authority or ["TM. ỦY BAN NHÂN DÂN"], "chuc_vu": c.title or "CHỦ TỊCH",
            "nguoi_ky": c.signer}


def _receivers(lines: list[str]) -> list[str]:
    """``- …;`` per line, the last ``- Lưu: VT, …`` ending with ``.``."""
    out = []
    for i, line in enumerate(lines):
        text = line.strip().lstrip("-–• ").rstrip(";.,")
        out.append(f"- {text}{'.' if i == len(lines) - 1 else ';'}")
    return out


def _bases(items: list[str], last: str = ".") -> list[str]:
    """Căn cứ lines: each ends with ``;``, the last with ``.`` (or ``,`` before a Xét line)."""
    return [f"{item.rstrip(';.,')}{last if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


def _law(c: Commune) -> str:
    day = c.ngay or dt.date(c.nam + 1, 1, 1)
    for entry in _legal()["luat_to_chuc"]:
        if (entry.get("tu") is None or day >= entry["tu"]) and (entry.get("den") is None or day <= entry["den"]):
            return str(entry["van_ban"])
    return str(_legal()["luat_to_chuc"][-1]["van_ban"])


def _curly(text: str) -> str:
    """Straight double quotes typed in data files → “ ” as printed documents use."""
    parts = text.split('"')
    return "".join(p + ("\u201c" if i % 2 == 0 else "\u201d") if i < len(parts) - 1 else p
                   for i, p in enumerate(parts))


def _rule_basis(result: CommuneResult, model: str) -> str:
    src = result.rules.criteria(model).nguon if model != "cong_dan" else result.rules.cong_dan.nguon
    words = src.van_ban.replace("Quyết định ", "Quyết định số ", 1)
    what = src.trich_yeu.split(" (")[0]
    text = f"{words} ngày {format_date_long(src.ngay)[5:]} của {src.co_quan} {what[:1].lower()}{what[1:]}"
    return _curly(text.strip())


def title_of(result: CommuneResult, model: str) -> str:
    return "Công dân học tập" if model == "cong_dan" else result.rules.criteria(model).danh_hieu


# --- the lists ---------------------------------------------------------------------------------

def _place_order(result: CommuneResult) -> tuple[dict[str, int], dict[str, int]]:
    thon = {t.key: i for i, t in enumerate(result.thon)}
    units = {e.entity.key: i for i, e in enumerate(result.models["don_vi"])}
    return thon, units


def recognised_people(result: CommuneResult) -> list[PersonResult]:
    """Thôn in the order of ``Thôn - TDP``, then workbook order; unit staff after, grouped by unit
    in the order of ``Đơn vị học tập`` (documents.md)."""
    thon, units = _place_order(result)
    big = len(thon) + 1

    def key(p: PersonResult) -> tuple[int, int, int]:
        person = p.person
        if person.unit is not None:
            return (1, units.get(person.unit.key, big), person.row)
        return (0, thon.get(person.thon.key, big) if person.thon else big, person.row)

    return sorted((p for p in result.people if p.verdict.recognised), key=key)


def recognised_entities(result: CommuneResult, model: str) -> list[EntityResult]:
    thon, _ = _place_order(result)
    big = len(thon) + 1
    chosen = [e for e in result.models[model] if e.verdict.recognised]
    if model == "don_vi":
        return chosen
    return sorted(chosen, key=lambda e: (thon.get(e.entity.thon.key, big) if e.entity.thon else big, e.entity.row))


def _excellent(p: PersonResult) -> bool:
    return bool(p.title and "tiêu biểu" in p.title)


def list_rows(result: CommuneResult, model: str) -> list[dict[str, str]]:
    """The annex rows, numbered, every cell a string as printed."""
    rows: list[dict[str, str]] = []
    if model == "cong_dan":
        for i, p in enumerate(recognised_people(result), start=1):
            person = p.person
            place = person.unit.name if person.unit else (person.thon.name if person.thon else "")
            rows.append({"stt": str(i), "ten": person.name, "noi": place,
                         "them": str(person.group or ""), "diem": _score(p.verdict.total),
                         "ghi_chu": "Tiêu biểu xuất sắc" if _excellent(p) else ""})
        return rows
    for i, e in enumerate(recognised_entities(result, model), start=1):
        ent = e.entity
        thon_name = ent.thon.name if ent.thon else ""
        if model == "gia_dinh":
            noi, them = thon_name, clean_text(ent.extra.get("clan_name"))
        elif model == "dong_ho":
            noi, them = thon_name, clean_text(ent.extra.get("head"))
        elif model == "cong_dong":
            hh = e.households
            noi = _count(ent.thon.households if ent.thon else None)
            them = _count(hh[0] if hh else None)
        else:
            noi, them = clean_text(ent.extra.get("kind")), _count(ent.extra.get("staff"))
        rows.append({"stt": str(i), "ten": ent.name, "noi": noi, "them": them,
                     "diem": _score(e.verdict.total), "ghi_chu": ""})
    return rows


def _score(total: float | None) -> str:
    return "" if total is None else format_number(total, 0 if float(total).is_integer() else 1)


def _count(n: Any) -> str:
    return "" if n is None or n == "" else format_number(float(n))


# --- the documents -------------------------------------------------------------------------------

def _share_words(s: Share) -> str:
    """A neutral sentence from the numbers of one share."""
    label = L.SHARE_LABELS[s.code]
    if s.ratio is None:
        return f"{label}: chưa tính được (chưa có tổng số)."
    shown = format_percent(s.ratio, percent_digits(s.ratio, s.target))
    text = f"{label} đạt {shown} ({format_number(s.recognised)}/{format_number(s.total)})"
    if s.target is None or s.gap_points is None:
        return text + "; năm nay chưa đặt chỉ tiêu."
    target = format_percent(s.target, 0)
    gap = format_number(abs(s.gap_points), 2)
    if s.gap_points > 0:
        return f"{text}, vượt chỉ tiêu {target} là {gap} điểm phần trăm."
    if s.gap_points == 0:
        return f"{text}, đạt đúng chỉ tiêu {target}."
    return f"{text}, chưa đạt chỉ tiêu {target} (còn thiếu {gap} điểm phần trăm)."


def _share_row(s: Share, last: dict[str, float | None] | None) -> dict[str, str]:
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


def _by_thon_rows(result: CommuneResult, share: Share) -> list[dict[str, str]]:
    """Per thôn: total, registered, recognised, share, target, met, gap; then the commune."""
    registered: Counter[str] = Counter()
    model = SHARE_MODEL.get(share.code)
    if model in ("gia_dinh", "dong_ho"):
        registered.update(e.entity.thon.key for e in result.models[model] if e.entity.thon)
    rows = []
    for t in result.by_thon:
        th = t.thon
        if model == "gia_dinh":
            total, got = th.households, t.households_recognised
        elif model == "dong_ho":
            total, got = th.clans, t.clans_recognised
        else:
            total, got = th.workers, t.citizens_recognised
            registered[th.key] = sum(1 for p in result.people if p.person.unit is None and p.person.thon is not None
                                     and p.person.thon.key == th.key)
        ratio = got / total if total else None
        rows.append(_place_row(th.name, total, registered[th.key], got, ratio, share.target))
    rows.append(_place_row("Toàn " + commune_of(result).kind, share.total, sum(registered.values()),
                           share.recognised, share.ratio, share.target, bold=True))
    return rows


def _place_row(name: str, total: int | None, registered: int, got: int, ratio: float | None,
               target: float | None, bold: bool = False) -> dict[str, str]:
    met = None if ratio is None or target is None else ratio >= target
    gap = None if ratio is None or target is None else (ratio - target) * 100
    return {"ten": name, "tong_so": _count(total), "dang_ky": format_number(registered), "dat": format_number(got),
            "ty_le": "—" if ratio is None else format_percent(ratio, percent_digits(ratio, target)),
            "chi_tieu": "—" if target is None else format_percent(target, 0),
            "danh_gia": "—" if met is None else ("Đạt" if met else "Chưa đạt"),
            "chenh_lech": "—" if gap is None else f"{'+' if gap > 0 else ''}{format_number(round_half_up(gap, 2), 2)}",
            "dam": "1" if bold else ""}


def _sections(result: CommuneResult) -> list[dict[str, Any]]:
    """Part II: one subsection per model, each a sentence and a table."""
    by_code = {s.code: s for s in result.shares}
    out = []
    for n, (code, heading) in enumerate((("GIA_DINH", "Gia đình học tập"), ("DONG_HO", "Dòng họ học tập"),
                                         ("CONG_DAN_CONG_DONG", "Công dân học tập trong gia đình, dòng họ, "
                                                                "cộng đồng")), start=1):
        out.append({"tieu_de": f"{n}. {heading}", "doan": [_share_words(by_code[code])],
                    "cot_tong": {"GIA_DINH": "Tổng số hộ", "DONG_HO": "Tổng số dòng họ"}.get(code, "Số người lao động"),
                    "dong": _by_thon_rows(result, by_code[code])})
    return out


def _other_paragraphs(result: CommuneResult) -> list[dict[str, Any]]:
    """Part II continued: community, units, CDHT in units, by nhóm, digital skills, TT 25 level."""
    by_code = {s.code: s for s in result.shares}
    groups = Counter(p.person.group for p in result.people)
    got = Counter(p.person.group for p in result.people if p.verdict.recognised)
    nhom = "; ".join(f"nhóm {g}: {format_number(got[g])}/{format_number(groups[g])} người đăng ký được công nhận"
                     for g in sorted(k for k in groups if k in (1, 2, 3)))
    excellent = sum(1 for p in result.people if _excellent(p))
    level = {2: "Mức độ 2", 1: "Mức độ 1"}.get(result.level)
    l1 = sum(1 for c in result.checklist if c.level1)
    l2 = sum(1 for c in result.checklist if c.level2)
    tt25 = (f"Theo Thông tư 25/2023/TT-BGDĐT, {commune_of(result).full} tự đánh giá đạt {l1}/{len(result.checklist)} "
            f"chỉ tiêu mức 1 và {l2}/{len(result.checklist)} chỉ tiêu mức 2, "
            + (f"đạt {level} xây dựng cộng đồng học tập cấp xã." if level else
               "chưa đạt mức độ xây dựng cộng đồng học tập cấp xã."))
    return [
        {"tieu_de": "4. Cộng đồng học tập", "doan": [_share_words(by_code["CONG_DONG"])]},
        {"tieu_de": "5. Đơn vị học tập và Công dân học tập trong đơn vị",
         "doan": [_share_words(by_code["DON_VI"]), _share_words(by_code["CONG_DAN_DON_VI"])]},
        {"tieu_de": "6. Công dân học tập theo nhóm, kỹ năng số",
         "doan": [f"Công dân học tập theo nhóm: {nhom}." if nhom else "Chưa có công dân đăng ký.",
                  _share_words(by_code["KY_NANG_SO"]),
                  f"Số công dân được công nhận \u201cCông dân học tập tiêu biểu xuất sắc\u201d: "
                  f"{format_number(excellent)}."]},
        {"tieu_de": "7. Trung tâm học tập cộng đồng và mức độ xây dựng cộng đồng học tập cấp xã", "doan": [tt25]},
    ]


def _neutral_assessment(result: CommuneResult) -> dict[str, list[str]]:
    met = [s for s in result.shares if s.met]
    missed = [s for s in result.shares if s.met is False]
    short = {s.code: SHORT_LABELS[s.code] for s in result.shares}
    strengths = ([f"Các tỷ lệ đạt hoặc vượt chỉ tiêu năm {result.info.nam}: "
                  + ", ".join(short[s.code] for s in met) + "."] if met else
                 ["Các mô hình học tập đã được đánh giá, công nhận theo đúng bộ tiêu chí."])
    limits = (["Các tỷ lệ chưa đạt chỉ tiêu: " + ", ".join(short[s.code] for s in missed) + "."] if missed else
              ["Không có tỷ lệ nào thấp hơn chỉ tiêu của năm."])
    return {"uu_diem": strengths, "han_che": limits,
            "nguyen_nhan": ["Nguyên nhân của các hạn chế (nếu có) được các thôn, tổ dân phố và đơn vị rà soát, "
                            "bổ sung khi họp đánh giá."]}


def report_plan(result: CommuneResult, texts: dict[str, list[str]], *, draft: bool = False,
                last_year: dict[str, float | None] | None = None) -> DocumentPlan:
    c = commune_of(result)
    nam = c.nam
    ctx = _header(c, result.info.values.get(L.L_SO_BAO_CAO), "BC-UBND", draft)
    next_targets = []
    for s in result.shares:
        value = resolve(result.targets.get(s.code, {}), nam + 1)
        next_targets.append({"ten": L.SHARE_LABELS[s.code], "chi_tieu": "—" if value is None else
                             format_percent(value, 0)})
    assessment = _neutral_assessment(result)
    ctx.update({
        "trich_yeu": f"Kết quả xây dựng các mô hình học tập năm {nam}",
        "kinh_gui": c.cap_tren or "Cấp trên trực tiếp",
        "thuc_hien": _bases([f"Thực hiện {q}" for q in _legal()["chuong_trinh"]]),
        "mo_dau": f"Ủy ban nhân dân {c.full} báo cáo kết quả xây dựng các mô hình học tập năm {nam} như sau:",
        "lanh_dao": texts.get("lanh_dao") or [
            f"Ủy ban nhân dân {c.full} đã ban hành kế hoạch xây dựng các mô hình học tập năm {nam}; "
            "phối hợp với Hội Khuyến học, các thôn, tổ dân phố và đơn vị tổ chức tuyên truyền, hướng dẫn "
            "đăng ký, tự đánh giá và thẩm định theo bộ tiêu chí."],
        "muc": _sections(result), "muc_khac": _other_paragraphs(result),
        "ty_le": [_share_row(s, last_year) for s in result.shares], "co_nam_truoc": last_year is not None,
        "uu_diem": texts.get("uu_diem") or assessment["uu_diem"],
        "han_che": texts.get("han_che") or assessment["han_che"],
        "nguyen_nhan": texts.get("nguyen_nhan") or assessment["nguyen_nhan"],
        "phuong_huong": texts.get("phuong_huong") or [
            f"Tiếp tục duy trì, nâng cao chất lượng các mô hình học tập; phấn đấu đạt các chỉ tiêu năm {nam + 1} "
            "dưới đây."],
        "chi_tieu_nam_sau": next_targets,
        "de_xuat": texts.get("de_xuat") or ["Đề nghị cấp trên tiếp tục hướng dẫn, hỗ trợ tài liệu và kinh phí "
                                            "cho hoạt động xây dựng xã hội học tập ở cơ sở."],
        "noi_nhan": _receivers(texts.get("noi_nhan") or [f"{c.cap_tren or 'Cấp trên trực tiếp'} (b/c)",
                                                         "TT Đảng ủy, HĐND " + c.kind, "Hội Khuyến học " + c.kind,
                                                         "Lưu: VT, VHXH"]),
    })
    ctx.update(_signer(c))
    chart = [{"ten": SHORT_LABELS[s.code], "ty_le": s.ratio, "chi_tieu": s.target} for s in result.shares]
    return DocumentPlan("bao-cao.docx", f"bao-cao-{nam}.docx", tuple(L.VISIBLE_SHEETS), ctx, chart)


def _list_context(result: CommuneResult, model: str, c: Commune, decision_no: str) -> dict[str, Any]:
    title = title_of(result, model)
    rows = list_rows(result, model)
    heads = COLUMNS[model]
    return {"danh_hieu": title, "mo_hinh": model, "so_luong": format_number(len(rows)),
            "doi_tuong": COUNTED[model], "danh_sach": rows,
            "cot_ten": heads[0], "cot_noi": heads[1], "cot_them": heads[2], "cot_diem": heads[3],
            "danh_sach_tieu_de": f"{COUNTED[model].upper()} ĐƯỢC CÔNG NHẬN DANH HIỆU \u201c{title.upper()}\u201d "
                                 f"NĂM {c.nam}",
            "kem_theo": f"(Kèm theo Quyết định số {decision_no} {c.issued()} của {c.ubnd})"}


def decision_plan(result: CommuneResult, model: str, texts: dict[str, list[str]], *,
                  draft: bool = False) -> DocumentPlan:
    c = commune_of(result)
    number = result.info.values.get(L.L_SO_QD[model])
    ctx = _header(c, number, "QĐ-UBND", draft)
    ctx.update(_list_context(result, model, c, format_doc_number(number, "QĐ-UBND")))
    title = ctx["danh_hieu"]
    excellent = [r for r in ctx["danh_sach"] if r["ghi_chu"]]
    n = len(ctx["danh_sach"])
    articles = [{"so": "Điều 1.", "noi_dung": f"Công nhận {format_number(n)} {COUNTED[model]} đạt danh hiệu "
                                              f"\u201c{title}\u201d năm {c.nam} (có danh sách kèm theo)."}]
    if excellent:
        articles.append({"so": "Điều 2.", "noi_dung": f"Công nhận {format_number(len(excellent))} công dân đạt "
                                                      f"danh hiệu \u201cCông dân học tập tiêu biểu xuất sắc\u201d năm "
                                                      f"{c.nam} (có danh sách kèm theo)."})
    k = len(articles)
    articles += [
        {"so": f"Điều {k + 1}.", "noi_dung": "Quyết định này có hiệu lực kể từ ngày ký."},
        {"so": f"Điều {k + 2}.", "noi_dung": f"Văn phòng HĐND và UBND {c.kind}, Hội Khuyến học {c.kind}, Trưởng các "
                                             "thôn, tổ dân phố, thủ trưởng các đơn vị liên quan và "
                                             f"các {COUNTED[model]} có tên tại Điều 1"
                                             f"{' và Điều 2' if excellent else ''} chịu trách nhiệm thi hành "
                                             "Quyết định này."},
    ]
    programme = _legal()["chuong_trinh"][2 if model == "cong_dan" else 1]  # QĐ 677 for CDHT, QĐ 387 else
    ctx.update({
        "trich_yeu": f"Về việc công nhận danh hiệu \u201c{title}\u201d năm {c.nam}",
        "tham_quyen_ban_hanh": f"{c.ubnd.upper()}",
        "can_cu": _bases([f"Căn cứ {_law(c)}", f"Căn cứ {programme}",
                          f"Căn cứ {_rule_basis(result, model)}"]),
        "xet": f"Xét đề nghị của Hội Khuyến học {c.full} tại Tờ trình số\u00a0\u00a0\u00a0\u00a0\u00a0/TTr-HKH.",
        "dieu": articles, "tieu_bieu": [dict(r, stt=str(i)) for i, r in enumerate(excellent, start=1)],
        "tieu_bieu_tieu_de": "CÔNG DÂN ĐƯỢC CÔNG NHẬN DANH HIỆU \u201cCÔNG DÂN HỌC TẬP TIÊU BIỂU XUẤT SẮC\u201d "
                             f"NĂM {c.nam}",
        "noi_nhan": _receivers([f"Như Điều {k + 2}", "TT Đảng ủy, HĐND " + c.kind + " (b/c)",
                                "Chủ tịch, các PCT UBND " + c.kind, "Lưu: VT, VHXH"]),
    })
    ctx.update(_signer(c))
    slug = MODEL_SLUGS[model]
    return DocumentPlan("quyet-dinh.docx", f"quyet-dinh-{slug}-{c.nam}.docx", (MODEL_SHEET[model],), ctx)


def proposal_plan(result: CommuneResult, model: str, *, draft: bool = False) -> DocumentPlan:
    """The Hội Khuyến học's tờ trình that the decision cites."""
    c = commune_of(result)
    ctx = _header(c, None, "TTr-HKH", draft)
    ctx.update({"co_quan_cha": f"HỘI KHUYẾN HỌC TỈNH {c.tinh.upper()}" if c.tinh else "",
                "co_quan_1": "HỘI KHUYẾN HỌC", "co_quan_2": c.full.upper()})
    ctx.update(_list_context(result, model, c, format_doc_number(None, "QĐ-UBND")))
    title, n = ctx["danh_hieu"], ctx["so_luong"]
    ctx.update({
        "trich_yeu": f"Đề nghị công nhận danh hiệu \u201c{title}\u201d năm {c.nam}",
        "kinh_gui": c.ubnd,
        "can_cu": _bases([f"Căn cứ {_rule_basis(result, model)}",
                          f"Căn cứ kết quả tự đánh giá và thẩm định của các chi hội khuyến học thôn, tổ dân phố "
                          f"năm {c.nam}"]),
        "de_nghi": f"Hội Khuyến học {c.full} kính đề nghị {c.ubnd} xem xét, công nhận danh hiệu \u201c{title}\u201d "
                   f"năm {c.nam} cho {n} {COUNTED[model]} (có danh sách kèm theo).",
        "kem_theo": f"(Kèm theo Tờ trình số {format_doc_number(None, 'TTr-HKH')} của Hội Khuyến học {c.full})",
        "noi_nhan": _receivers(["Như trên", "Lưu: VT"]),
        "tham_quyen": ["TM. BAN CHẤP HÀNH"], "chuc_vu": "CHỦ TỊCH", "nguoi_ky": "",
    })
    return DocumentPlan("to-trinh.docx", f"to-trinh-{MODEL_SLUGS[model]}-{c.nam}.docx", (MODEL_SHEET[model],), ctx)


def certificate_plan(result: CommuneResult, model: str, *, draft: bool = False) -> DocumentPlan:
    """One page per recognised person, household, clan, thôn or unit."""
    c = commune_of(result)
    number = format_doc_number(result.info.values.get(L.L_SO_QD[model]), "QĐ-UBND")
    ctx = _header(c, None, "", draft)
    title = title_of(result, model)
    place_word = {"cong_dan": "", "gia_dinh": "Thôn/TDP", "dong_ho": "Thôn/TDP", "cong_dong": "", "don_vi": ""}
    pages = []
    for row in list_rows(result, model):
        who = {"cong_dan": "Ông/Bà", "gia_dinh": "Gia đình ông/bà", "dong_ho": "Dòng họ",
               "cong_dong": "Thôn/TDP", "don_vi": ""}[model]
        line2 = f"{place_word[model]}: {row['noi']}" if place_word[model] and row["noi"] else \
            (row["noi"] if model == "cong_dan" else "")
        pages.append({"ten": f"{who} {row['ten']}".strip(), "dong_2": line2,
                      "danh_hieu": f"\u201c{title.upper()}{' TIÊU BIỂU XUẤT SẮC' if row['ghi_chu'] else ''}\u201d",
                      "tieu_bieu": "Tiêu biểu xuất sắc" if row["ghi_chu"] else ""})
    ctx.update({"giay": pages, "danh_hieu": title,
                "theo_qd": f"(Theo Quyết định số {number} {c.issued()} của {c.ubnd})",
                "nam_danh_hieu": f"Năm {c.nam}"})
    ctx.update(_signer(c))
    return DocumentPlan("giay-cong-nhan.docx", f"giay-cong-nhan-{MODEL_SLUGS[model]}-{c.nam}.docx",
                        (MODEL_SHEET[model],), ctx)


def plan(result: CommuneResult, texts: dict[str, list[str]] | None = None, *, draft: bool = False,
         last_year: dict[str, float | None] | None = None) -> list[DocumentPlan]:
    """Every document of documents.md §1 for one commune: the report, then for each model with
    at least one recognised entry its tờ trình, decision and certificates."""
    texts = texts or {}
    docs = [report_plan(result, texts, draft=draft, last_year=last_year)]
    for model in MODEL_SLUGS:
        recognised = (any(p.verdict.recognised for p in result.people) if model == "cong_dan"
                      else any(e.verdict.recognised for e in result.models[model]))
        if recognised:
            docs += [proposal_plan(result, model, draft=draft), decision_plan(result, model, texts, draft=draft),
                     certificate_plan(result, model, draft=draft)]
    return docs


def share_ratios(result: CommuneResult) -> dict[str, float | None]:
    """Last year's shares for the comparison column."""
    return {s.code: s.ratio for s in result.shares}


# --- the variables templates may use (the reference page and check-template read this) -----------

TEMPLATE_FILES = ("bao-cao.docx", "quyet-dinh.docx", "to-trinh.docx", "giay-cong-nhan.docx",
                  "bao-cao-tong-hop.docx")
_ROW = "mỗi dòng có r.stt, r.ten, r.noi, r.them, r.diem, r.ghi_chu (chuỗi đã định dạng)"
VARIABLES: dict[str, str] = {
    # header, every document
    "co_quan_cha": "cơ quan chủ quản, in hoa không đậm (trống với UBND), vd. HỘI KHUYẾN HỌC TỈNH LẠNG SƠN",
    "co_quan_1": "dòng 1 tên cơ quan ban hành, in hoa đậm, vd. ỦY BAN NHÂN DÂN",
    "co_quan_2": "dòng 2 tên cơ quan ban hành, in hoa đậm, vd. XÃ TÂN VĂN",
    "so_ky_hieu": "số, ký hiệu, vd. \u201cSố: 05/QĐ-UBND\u201d (để trống chỗ viết tay khi sổ chưa có số)",
    "dia_danh_ngay": "địa danh, ngày tháng, vd. \u201cTân Văn, ngày 05 tháng 01 năm 2026\u201d",
    "du_thao": "\u201cDỰ THẢO\u201d khi chạy với --force, chuỗi rỗng khi không",
    "xa": "tên đầy đủ, chữ thường đầu: \u201cxã Tân Văn\u201d", "ten_xa": "tên riêng: \u201cTân Văn\u201d",
    "tinh": "tỉnh/thành phố", "nam": "năm đánh giá, vd. 2025", "nam_sau": "năm sau, vd. 2026",
    "trich_yeu": "trích yếu dưới tên loại văn bản", "kinh_gui": "nơi nhận ở dòng Kính gửi",
    # signature
    "tham_quyen": "danh sách dòng thẩm quyền ký, vd. [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]",
    "chuc_vu": "chức vụ người ký, in hoa, vd. PHÓ CHỦ TỊCH", "nguoi_ky": "họ tên người ký",
    "noi_nhan": "danh sách dòng Nơi nhận, đã có \u201c- \u201d đầu dòng, \u201c;\u201d và \u201c.\u201d cuối",
    # report
    "thuc_hien": "danh sách dòng \u201cThực hiện …;\u201d (văn bản chương trình)",
    "mo_dau": "câu mở đầu", "lanh_dao": "mục I: danh sách đoạn",
    "muc": "mục II.1-3: danh sách {tieu_de, doan (đoạn), cot_tong, dong}; dong có r.ten, r.tong_so, r.dang_ky, "
           "r.dat, r.ty_le, r.chi_tieu, r.danh_gia, r.chenh_lech, r.dam (\u201c1\u201d ở dòng toàn xã)",
    "muc_khac": "mục II.4-7: danh sách {tieu_de, doan}",
    "ty_le": "7 tỷ lệ: r.ma, r.ten, r.so_dat, r.tong_so, r.ty_le, r.chi_tieu, r.danh_gia, r.chenh_lech; có "
             "r.nam_truoc, r.thay_doi khi chạy với --nam-truoc",
    "co_nam_truoc": "đúng khi có số liệu năm trước (--nam-truoc)",
    "bieu_do": "biểu đồ tỷ lệ so với chỉ tiêu (ảnh)",
    "uu_diem": "mục III.1: danh sách đoạn", "han_che": "mục III.2: danh sách đoạn",
    "nguyen_nhan": "mục III.3: danh sách đoạn", "phuong_huong": "mục IV: danh sách đoạn",
    "chi_tieu_nam_sau": "chỉ tiêu năm sau: r.ten, r.chi_tieu", "de_xuat": "mục V: danh sách đoạn",
    # lists, decisions, tờ trình
    "danh_hieu": "danh hiệu, vd. Gia đình học tập", "mo_hinh": "mã mô hình: cong_dan, gia_dinh, …",
    "so_luong": "số được công nhận, đã định dạng (1.385)", "doi_tuong": "vd. gia đình, công dân",
    "danh_sach": f"danh sách kèm theo: {_ROW}",
    "cot_ten": "tiêu đề cột tên", "cot_noi": "tiêu đề cột nơi (thôn, đơn vị…)", "cot_them": "tiêu đề cột thêm",
    "cot_diem": "tiêu đề cột điểm", "danh_sach_tieu_de": "dòng tiêu đề dưới DANH SÁCH",
    "kem_theo": "dòng \u201c(Kèm theo Quyết định số … ngày … của …)\u201d",
    "tham_quyen_ban_hanh": "dòng thẩm quyền ban hành dưới trích yếu, vd. ỦY BAN NHÂN DÂN XÃ TÂN VĂN",
    "can_cu": "danh sách dòng Căn cứ, đã có \u201c;\u201d và \u201c.\u201d cuối",
    "xet": "dòng \u201cXét đề nghị của …\u201d", "dieu": "danh sách điều: d.so (\u201cĐiều 1.\u201d), d.noi_dung",
    "tieu_bieu": f"danh sách Công dân học tập tiêu biểu xuất sắc (rỗng nếu không có): {_ROW}",
    "tieu_bieu_tieu_de": "tiêu đề danh sách tiêu biểu xuất sắc", "de_nghi": "đoạn đề nghị của tờ trình",
    # certificates
    "giay": "mỗi giấy một trang: g.ten, g.dong_2, g.danh_hieu, g.tieu_bieu",
    "theo_qd": "dòng \u201c(Theo Quyết định số … ngày … của …)\u201d", "nam_danh_hieu": "vd. Năm 2025",
    # the level above (aggregation)
    "tong_quan": "mục II: danh sách đoạn tổng quan",
    "xa_phuong": "mỗi xã một dòng: r.stt, r.xa, r.gia_dinh, r.dong_ho, r.cong_dong, r.don_vi, "
                 "r.cong_dan_cong_dong, r.cong_dan_don_vi, r.ky_nang_so, r.dat_chi_tieu, r.dam",
    "chua_hop_le": "danh sách xã chưa gửi hoặc sổ chưa hợp lệ (đoạn)",
}
ESSENTIAL: dict[str, tuple[str, ...]] = {
    "bao-cao.docx": ("so_ky_hieu", "dia_danh_ngay", "ty_le", "tham_quyen", "chuc_vu", "nguoi_ky"),
    "quyet-dinh.docx": ("so_ky_hieu", "dia_danh_ngay", "danh_sach", "dieu", "can_cu", "tham_quyen", "chuc_vu",
                        "nguoi_ky", "tieu_bieu"),
    "to-trinh.docx": ("danh_sach", "de_nghi"),
    "giay-cong-nhan.docx": ("giay",),
    "bao-cao-tong-hop.docx": ("xa_phuong", "chua_hop_le", "tham_quyen", "chuc_vu", "nguoi_ky"),
}
"""Variables without which a substituted template would print a wrong or incomplete document."""


def district_plan(communes: list[tuple[str, list[Share]]], totals: list[Share], *, body: str, place: str,
                  nam: int, invalid: list[str], kinh_gui: str = "", draft: bool = False) -> DocumentPlan:
    """The level above's report (``bao-cao-tong-hop-<năm>``): one row per counted commune (its
    shares, ✓ where its own target is met), the totals row (Σ ÷ Σ, against the level above's
    targets), the communes that did not return or returned an invalid workbook. ``body`` is the
    issuing body in capitals (``PHÒNG VĂN HÓA - XÃ HỘI``…), ``place`` the date line's place."""
    rows: list[dict[str, str]] = []
    for i, (name, shares) in enumerate(communes, start=1):
        row = {"stt": str(i), "xa": name, "dam": ""}
        for s in shares:
            row[s.code.lower()] = "—" if s.ratio is None else format_percent(s.ratio, 1) + (" ✓" if s.met else "")
        met = [s.met for s in shares if s.met is not None]
        row["dat_chi_tieu"] = f"{sum(met)}/{len(met)}"
        rows.append(row)
    total_row = {"stt": "", "xa": "Tổng", "dam": "1"}
    for s in totals:
        total_row[s.code.lower()] = "—" if s.ratio is None else format_percent(s.ratio, 1) + (" ✓" if s.met else "")
    met_total = [s.met for s in totals if s.met is not None]
    total_row["dat_chi_tieu"] = f"{sum(met_total)}/{len(met_total)}"
    rows.append(total_row)
    all_met = sum(1 for _, shares in communes if all(s.met is not False for s in shares))
    short = {s.code: SHORT_LABELS[s.code] for s in totals}
    ctx = {"co_quan_cha": "", "co_quan_1": body, "co_quan_2": "",
           "so_ky_hieu": f"Số: {format_doc_number(None, 'BC')}",
           "dia_danh_ngay": f"{place}, {format_date_long(None, nam)}", "du_thao": DRAFT if draft else "",
           "nam": str(nam), "nam_sau": str(nam + 1),
           "trich_yeu": f"Kết quả xây dựng các mô hình học tập năm {nam}",
           "kinh_gui": kinh_gui or "Cấp trên trực tiếp",
           "thuc_hien": _bases([f"Thực hiện {q}" for q in _legal()["chuong_trinh"]]),
           "mo_dau": f"Tổng hợp kết quả xây dựng các mô hình học tập năm {nam} của {len(communes)} xã, phường, tính "
                     "lại từ số liệu gốc trong sổ của từng xã, như sau:",
           "lanh_dao": ["Các xã, phường đã triển khai đánh giá, công nhận các mô hình học tập theo bộ tiêu chí."],
           "tong_quan": [f"Số xã, phường có sổ được tính: {len(communes)}; chưa gửi hoặc sổ chưa hợp lệ: "
                         f"{len(invalid)}."] + [_share_words(s) for s in totals],
           "xa_phuong": rows, "chua_hop_le": invalid or ["Không có."],
           "uu_diem": [f"{all_met}/{len(communes)} xã, phường đạt mọi chỉ tiêu đã đặt cho năm {nam}."]
           + ([f"Các tỷ lệ chung đạt chỉ tiêu: {', '.join(short[s.code] for s in totals if s.met)}."]
              if any(s.met for s in totals) else []),
           "han_che": [f"{len(communes) - all_met} xã, phường còn tỷ lệ chưa đạt chỉ tiêu."]
           + ([f"Các tỷ lệ chung chưa đạt chỉ tiêu: {', '.join(short[s.code] for s in totals if s.met is False)}."]
              if any(s.met is False for s in totals) else []),
           "nguyen_nhan": ["Các xã, phường rà soát nguyên nhân khi họp đánh giá."],
           "phuong_huong": [f"Tiếp tục hướng dẫn các xã, phường duy trì và nâng cao chất lượng các mô hình học "
                            f"tập năm {nam + 1}."],
           "de_xuat": ["Đề nghị cấp trên tiếp tục quan tâm hướng dẫn, hỗ trợ."],
           "noi_nhan": _receivers([kinh_gui or "Cấp trên trực tiếp", "UBND các xã, phường", "Lưu: VT"]),
           "tham_quyen": ["TM. LÃNH ĐẠO"], "chuc_vu": "", "nguoi_ky": ""}
    chart = [{"ten": SHORT_LABELS[s.code], "ty_le": s.ratio, "chi_tieu": s.target} for s in totals]
    return DocumentPlan("bao-cao-tong-hop.docx", f"bao-cao-tong-hop-{nam}.docx", (), ctx, chart)
