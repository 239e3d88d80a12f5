"""Targets ("chỉ tiêu"): presets from plans and decisions, and resolving a year's target.

Presets are data (``hoctap_xl/data/chi-tieu.yaml``) naming their source documents. A preset
value is a fraction, or a range with an optional value for communes in difficult areas; a
commune's workbook holds one plain value per share code and year, already resolved for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hoctap_xl.errors import HoctapError
from hoctap_xl.layout import SHARE_CODES
from hoctap_xl.rules.ruleset import Source
from hoctap_xl.text.values import ValueProblem, clean_text, format_percent, parse_number


class TargetRange(BaseModel):
    """A target given as a range (low, high) and, where it differs, the value for difficult areas."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    thap: float = Field(ge=0, le=1)
    cao: float | None = Field(default=None, ge=0, le=1)
    vung_kho_khan: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> TargetRange:
        if self.cao is not None and self.cao < self.thap:
            raise ValueError("cao nhỏ hơn thap")
        return self


class Preset(BaseModel):
    """A named set of targets per share code and year, with its sources."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ten: str
    mo_ta: str = ""
    nguon: list[Source] = Field(min_length=1)
    chi_tieu: dict[str, dict[int, float | TargetRange]]

    @model_validator(mode="after")
    def _known_codes(self) -> Preset:
        unknown = sorted(set(self.chi_tieu) - set(SHARE_CODES))
        if unknown:
            raise ValueError(f"mã chỉ tiêu không có: {', '.join(unknown)}")
        for code, years in self.chi_tieu.items():
            for year, value in years.items():
                if isinstance(value, float) and not 0 <= value <= 1:
                    raise ValueError(f"{code} năm {year}: {value} không nằm trong 0..1")
        return self

    def citation(self) -> str:
        """The preset's sources, as cited in documents."""
        return "; ".join(s.citation() for s in self.nguon)


class PresetFile(BaseModel):
    """The shipped file of target presets."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    presets: dict[str, Preset]


class TargetError(HoctapError, ValueError):
    """A target preset that does not exist or cannot be applied."""
    pass


_PRESETS: dict[str, Preset] | None = None


def presets() -> dict[str, Preset]:
    """Every shipped target preset by name (read once)."""
    global _PRESETS
    if _PRESETS is None:
        import yaml

        text = (resources.files("hoctap_xl") / "data" / "chi-tieu.yaml").read_text(encoding="utf-8")
        try:
            _PRESETS = PresetFile.model_validate(yaml.safe_load(text)).presets
        except ValidationError as err:  # a packaging mistake, caught by the tests
            raise TargetError(f"Tệp chỉ tiêu của chương trình không hợp lệ: {err}") from None
    return _PRESETS


def preset(name: str) -> Preset:
    """The shipped target preset of that name."""
    table = presets()
    if name not in table:
        raise TargetError(f"Không có bộ chỉ tiêu '{name}'. Chọn một trong: {', '.join(sorted(table))}")
    return table[name]


@dataclass(frozen=True)
class CommuneTargets:
    """The plain values a commune's ``Chỉ tiêu`` sheet starts with, and notes on ranges."""

    values: dict[str, dict[int, float | None]]
    notes: dict[str, str]
    source: str


def for_commune(name: str, year: int, difficult: bool) -> CommuneTargets:
    """Resolve a preset for one commune: a range becomes its low bound (the report names the
    range), a difficult-area value applies when the commune is flagged; the evaluation year
    gets a column, filled by :func:`resolve` from the preset's years."""
    p = preset(name)
    values: dict[str, dict[int, float | None]] = {}
    notes: dict[str, str] = {}
    years = sorted({y for by_year in p.chi_tieu.values() for y in by_year} | {year})
    for code in SHARE_CODES:
        given = p.chi_tieu.get(code, {})
        row: dict[int, float | None] = {}
        for y, v in given.items():
            if isinstance(v, TargetRange):
                row[y] = v.vung_kho_khan if difficult and v.vung_kho_khan is not None else v.thap
                if v.cao is not None:
                    notes[code] = f"kế hoạch: {format_percent(v.thap, 0)} – {format_percent(v.cao, 0)}"
                if difficult and v.vung_kho_khan is not None:
                    notes[code] = f"xã vùng khó khăn: {format_percent(v.vung_kho_khan, 0)}"
            else:
                row[y] = v
        row.setdefault(year, resolve(row, year))
        values[code] = {y: row.get(y) for y in years}
    return CommuneTargets(values, notes, f"{p.ten} — {p.citation()}")


def resolve(by_year: Mapping[int, float | None], year: int) -> float | None:
    """The target in force for a year: the year's own value; else the nearest later year's (the goal worked
    toward); else the nearest earlier year's (a level reached is kept); else none."""
    given = {y: v for y, v in by_year.items() if v is not None}
    if year in given:
        return given[year]
    later = [y for y in given if y > year]
    if later:
        return given[min(later)]
    earlier = [y for y in given if y < year]
    if earlier:
        return given[max(earlier)]
    return None


def parse_target(value: Any) -> float | None:
    """A target cell: ``0.7`` or 70 % (Excel stores 0.7), ``70``, ``"70 %"``, ``"0,7"``; blank
    is None. Numbers ≤ 1 are fractions, > 1 percentages."""
    text = clean_text(value) if isinstance(value, str) else None
    if value is None or text == "":
        return None
    if text is not None and text.endswith("%"):
        number = parse_number(text[:-1]) / 100
    else:
        number = parse_number(value)
        if number > 1:
            number /= 100
    if not 0 <= number <= 1:
        raise ValueProblem(f"chỉ tiêu {clean_text(value)} phải nằm trong 0–100 %")
    return number
