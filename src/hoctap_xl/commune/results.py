"""What :func:`~hoctap_xl.commune.evaluate.evaluate` returns: plain results, ready for JSON.

One result per person and per model row (its verdict), the shares of the year against their
targets, a summary per thôn, and the whole commune's :class:`CommuneResult` with its findings.
Every consumer (CLI, UDFs, documents, the level above) reads these and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hoctap_xl.commune.info import ChecklistRow, Info
from hoctap_xl.commune.people import Person
from hoctap_xl.commune.places import Entity, Thon
from hoctap_xl.findings import Finding
from hoctap_xl.rules import scoring
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.text.values import round_half_up


@dataclass(slots=True)
class PersonResult:
    """A person's verdict and the title it earns (None when not recognised)."""

    person: Person
    verdict: scoring.Verdict
    title: str | None

    def to_json(self) -> dict[str, Any]:
        """The person's row of ``results --json``."""
        p, v = self.person, self.verdict
        return {"dong": p.row, "ho_ten": p.name, "nhom": p.group, "tong_diem": v.total,
                "diem_thap_nhat": v.lowest, "nguong": _plain(v.threshold), "dat": v.recognised,
                "ly_do": v.reason, "danh_hieu": self.title,
                "nam_sinh": p.birth_year, "gioi_tinh": p.sex or None,
                "thon": p.thon.name if p.thon else None, "don_vi": p.unit.name if p.unit else None,
                "ky_nang_so": p.digital, "so_nam_lien_tuc": p.years_before}


@dataclass(slots=True)
class EntityResult:
    """A model row's verdict; for clans and communities, the households behind it."""

    entity: Entity
    verdict: scoring.Verdict
    households: tuple[int, int | None] | None = None  # recognised GĐHT households, denominator

    def to_json(self, model: str) -> dict[str, Any]:
        """The row of ``results --json`` for this model (``gia_dinh``, ``dong_ho``, ``cong_dong``, ``don_vi``)."""
        e, v = self.entity, self.verdict
        data: dict[str, Any] = {"dong": e.row}
        if model == "gia_dinh":
            data.update(chu_ho=e.name, thon=e.thon.name if e.thon else None,
                        dong_ho=e.extra.get("clan_name") or None)
        elif model == "cong_dong":
            data.update(thon=e.name)
        else:
            data.update(ten=e.name)
            if model == "dong_ho":
                data.update(thon=e.thon.name if e.thon else None)
            if model == "don_vi":
                data.update(loai=e.extra.get("kind") or None)
        data.update(tong_diem=v.total, dat=v.recognised, ly_do=v.reason)
        if self.households is not None:
            data.update(so_ho_dat_gdht=self.households[0], so_ho=self.households[1])
        return data


@dataclass(frozen=True)
class Share:
    """One of the year's seven shares: recognised out of total, against its target."""

    code: str
    recognised: int
    total: int
    target: float | None

    @property
    def ratio(self) -> float | None:
        """Recognised / total; None when the total is 0."""
        return self.recognised / self.total if self.total else None

    @property
    def met(self) -> bool | None:
        """Whether the ratio reaches the target; None without a ratio or a target."""
        r = self.ratio
        return None if r is None or self.target is None else r >= self.target

    @property
    def gap_points(self) -> float | None:
        """Ratio minus target in percentage points, rounded half-up to 2 decimals."""
        r = self.ratio
        return None if r is None or self.target is None else round_half_up((r - self.target) * 100, 2)

    def to_json(self) -> dict[str, Any]:
        """The share's entry of ``results --json`` (``ty_le``)."""
        return {"ma": self.code, "so_dat": self.recognised, "tong_so": self.total, "ty_le": self.ratio,
                "chi_tieu": self.target, "dat_chi_tieu": self.met, "chenh_lech_diem": self.gap_points}


@dataclass(slots=True)
class ThonSummary:
    """What one thôn reached: recognised households, clans, citizens, and its community verdict."""

    thon: Thon
    households_recognised: int = 0
    clans_recognised: int = 0
    citizens_recognised: int = 0
    community: bool | None = None


@dataclass
class CommuneResult:
    """One commune's year, computed: inputs as read, every result, the shares and the findings."""

    info: Info
    rules: RuleSet
    thon: list[Thon]
    people: list[PersonResult]
    models: dict[str, list[EntityResult]]
    checklist: list[ChecklistRow]
    level: int
    targets: dict[str, dict[int, float | None]]
    shares: list[Share]
    by_thon: list[ThonSummary]
    findings: list[Finding] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        """Whether any finding is a ``lỗi``."""
        return any(f.is_error for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """``results --json``: the commune, every result, the shares and the findings."""
        return {
            "xa": self.info.commune, "nam": self.info.year, "bo_tieu_chi": self.rules.label,
            "tinh": self.info.province, "ma": self.info.code,
            "cong_dan": [p.to_json() for p in self.people],
            **{m: [e.to_json(m) for e in self.models[m]] for m in ("gia_dinh", "dong_ho", "cong_dong", "don_vi")},
            "cong_dong_cap_xa": {"muc_do": self.level,
                                 "so_chi_tieu": len(self.checklist),
                                 "dat_muc_1": sum(c.level1 for c in self.checklist),
                                 "dat_muc_2": sum(c.level2 for c in self.checklist)},
            "ty_le": [s.to_json() for s in self.shares],
            "phat_hien": [f.to_json() for f in self.findings],
        }


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x
