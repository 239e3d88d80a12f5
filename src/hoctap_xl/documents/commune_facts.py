"""The commune as its documents name it: kind and proper name, who signs and with what authority,
the report's date; and the free texts an official typed on the sheet ``Nội dung báo cáo``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.sheets.grid import Grid
from hoctap_xl.text.values import clean_text, format_date_long, format_date_short

TEXT_SECTIONS = {"I. Công tác lãnh đạo, chỉ đạo, tuyên truyền": "lanh_dao", "III. Ưu điểm": "uu_diem",
                 "III. Hạn chế": "han_che", "III. Nguyên nhân": "nguyen_nhan", "IV. Phương hướng": "phuong_huong",
                 "V. Đề xuất, kiến nghị": "de_xuat", "Nơi nhận": "noi_nhan"}
"""The free-text sections of the optional sheet ``Nội dung báo cáo`` (column A labels, exact)."""


def split_kind(commune: str) -> tuple[str, str]:
    """``Tân Văn`` → (``xã``, ``Tân Văn``); ``Phường Đông Kinh`` → (``phường``, ``Đông Kinh``)."""
    for kind in ("thị trấn", "phường", "xã"):
        if commune.casefold().startswith(kind + " "):
            return kind, commune[len(kind) + 1:].strip()
    return "xã", commune


def cell_lines(value: Any) -> list[str]:
    """A cell holding several lines (line breaks or ``;``)."""
    text = "" if value is None else str(value)
    parts = [clean_text(p) for chunk in text.splitlines() for p in chunk.split(";")]
    return [p for p in parts if p]


@dataclass
class Commune:
    """The facts every document of one commune prints."""

    kind: str          # xã / phường / thị trấn
    name: str          # Tân Văn
    province: str
    year: int
    above: str         # the level above, as Thông tin chung names it
    issued: dt.date | None
    signer: str
    title: str
    authority: list[str]
    plan_province: str = ""   # Kế hoạch của tỉnh, as typed ("số … ngày … của … về …")
    plan_commune: str = ""    # Kế hoạch của xã
    hkh_chair: str = ""       # Chủ tịch Hội Khuyến học: the tờ trình's signer
    proposed: dt.date | None = None  # Ngày tờ trình

    @property
    def full(self) -> str:
        """``xã Tân Văn``."""
        return f"{self.kind} {self.name}"

    @property
    def ubnd(self) -> str:
        """``Ủy ban nhân dân xã Tân Văn``."""
        return f"Ủy ban nhân dân {self.full}"

    def place_date(self) -> str:
        """The date line: ``Tân Văn, ngày 05 tháng 01 năm 2026`` (blanks to write in when undated)."""
        return f"{self.name}, {format_date_long(self.issued, self.year)}"

    def issued_on(self) -> str:
        """``ngày 05/01/2026`` for the decision a list or certificate cites (blanks when undated)."""
        return self.on(self.issued)

    def on(self, day: dt.date | None) -> str:
        """``ngày 20/12/2025`` (blanks to write in when ``day`` is None)."""
        gap = "\u00a0" * 5
        return f"ngày {format_date_short(day)}" if day else f"ngày{gap}/{gap}/{self.year}"


def commune_of_name(commune: str) -> str:
    """``Tân Văn`` → ``xã Tân Văn``; ``Phường Đông Kinh`` → ``phường Đông Kinh``."""
    kind, name = split_kind(commune)
    return f"{kind} {name}"


def commune_of(result: CommuneResult) -> Commune:
    """The document facts of a computed commune, read from its ``Thông tin chung``."""
    info = result.info
    kind, name = split_kind(info.commune)
    return Commune(kind=kind, name=name, province=info.province, year=info.year or 0, above=info.text(L.L_CAP_TREN),
                   issued=info.issued, signer=info.text(L.L_NGUOI_KY), title=info.text(L.L_CHUC_VU).upper(),
                   authority=[a.upper() for a in cell_lines(info.values.get(L.L_THAM_QUYEN))],
                   plan_province=info.text(L.L_KE_HOACH_TINH), plan_commune=info.text(L.L_KE_HOACH_XA),
                   hkh_chair=info.text(L.L_CHU_TICH_HKH), proposed=info.proposed)


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
