"""Rule sets: the criteria, thresholds and checklist a commune is evaluated with.

A rule set is data (a YAML file shipped in ``hoctap_xl/data/bo-tieu-chi/`` or supplied by a
province), validated here into pydantic models. Every part names the document it comes from.
The workbook carries a copy of its rule set on the ``Bộ tiêu chí`` sheet as flat
``key = value`` rows (see :func:`flatten` / :func:`unflatten`), and its hash in ``_meta``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hoctap_xl.errors import HoctapError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """The document a rule comes from."""

    van_ban: str = Field(min_length=3, description="số và tên văn bản, vd. Quyết định 244/QĐ-KHVN")
    ngay: dt.date
    co_quan: str = ""
    trich_yeu: str = ""
    loai: Literal["SRC", "LOCAL", "DEFAULT"] = "SRC"

    def citation(self) -> str:
        """``Quyết định 244/QĐ-KHVN ngày 28/7/2022 của Hội Khuyến học Việt Nam``."""
        text = f"{self.van_ban} ngày {self.ngay.day:02d}/{self.ngay.month:02d}/{self.ngay.year}"
        if self.co_quan:
            text += f" của {self.co_quan}"
        return text


class Competence(_Strict):
    """A competence of the citizen model: its name and the indicators (chỉ số) it groups."""

    ten: str
    chi_so: list[int]


class CitizenRules(_Strict):
    """Công dân học tập (QĐ 244/QĐ-KHVN)."""

    nguon: Source
    so_chi_so: int = Field(ge=1, le=30)
    diem_toi_thieu: int = Field(ge=0)
    diem_toi_da: int = Field(ge=1)
    nguong: float = Field(gt=0)
    nguong_vung_kho_khan: float = Field(gt=0)
    diem_chi_so_toi_thieu: int = Field(ge=0)
    so_nam_tieu_bieu: int = Field(ge=2, le=50)
    nhom: dict[int, str]
    nang_luc: list[Competence]
    ghi_chu: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> CitizenRules:
        if self.diem_toi_thieu > self.diem_toi_da:
            raise ValueError("diem_toi_thieu lớn hơn diem_toi_da")
        if self.nguong_vung_kho_khan > self.nguong:
            raise ValueError("nguong_vung_kho_khan phải nhỏ hơn hoặc bằng nguong")
        listed = sorted(i for c in self.nang_luc for i in c.chi_so)
        if listed != list(range(1, self.so_chi_so + 1)):
            raise ValueError(f"nang_luc phải chia đủ các chỉ số 1..{self.so_chi_so}, mỗi chỉ số một lần")
        return self


class Criterion(_Strict):
    """One criterion (tiêu chí) of a criteria model, with its score range."""

    ma: str
    ten: str
    diem_toi_da: int = Field(ge=1)
    diem_toi_thieu: int = Field(ge=0)

    @model_validator(mode="after")
    def _min_below_max(self) -> Criterion:
        if self.diem_toi_thieu > self.diem_toi_da:
            raise ValueError(f"{self.ma}: diem_toi_thieu lớn hơn diem_toi_da")
        return self


class CriteriaRules(_Strict):
    """Gia đình / Dòng họ / Cộng đồng / Đơn vị học tập: a criteria table and a rule."""

    nguon: Source
    danh_hieu: str
    tieu_chi: list[Criterion] = Field(min_length=1, max_length=20)
    nguong: float = Field(gt=0)
    ty_le_ho_gdht_toi_thieu: float | None = Field(default=None, ge=0, le=1)
    ghi_chu: str = ""

    @property
    def max_total(self) -> int:
        """The highest total the criteria allow."""
        return sum(c.diem_toi_da for c in self.tieu_chi)


class ChecklistItem(_Strict):
    """One indicator of the TT 25 commune checklist and the criterion it belongs to."""

    ma: str
    tieu_chi: int = Field(ge=1)
    noi_dung: str


class CommuneRules(_Strict):
    """Cộng đồng học tập cấp xã (TT 25/2023/TT-BGDĐT): 5 tiêu chí, 15 chỉ tiêu, levels 1 and 2."""

    nguon: Source
    tieu_chi: dict[int, str]
    chi_tieu: list[ChecklistItem] = Field(min_length=1)
    hieu_luc_thang: int = 36
    ghi_chu: str = ""


class RuleSet(_Strict):
    """A complete rule set: the five models and the commune checklist, with its id and version."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str = Field(min_length=1)
    ten: str
    ban_hanh: dt.date
    ghi_chu: str = ""
    cong_dan: CitizenRules
    gia_dinh: CriteriaRules
    dong_ho: CriteriaRules
    cong_dong: CriteriaRules
    don_vi: CriteriaRules
    cap_xa: CommuneRules

    @property
    def label(self) -> str:
        """``<id>@<version>`` as in ``results --json``."""
        return f"{self.id}@{self.version}"

    def criteria(self, model: str) -> CriteriaRules:
        """The criteria rules of a model key (``gia_dinh``, ``dong_ho``, ``cong_dong``, ``don_vi``)."""
        value = getattr(self, model)
        assert isinstance(value, CriteriaRules)
        return value

    def digest(self) -> str:
        """A stable hash of the rule set's content (what ``_meta`` records)."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


class RuleSetError(HoctapError, ValueError):
    """A rule-set file or sheet that does not validate; the message names the field."""


def _describe(err: ValidationError, origin: str) -> str:
    lines = [f"Bộ tiêu chí không hợp lệ ({origin}):"]
    for e in err.errors()[:10]:
        where = ".".join(str(p) for p in e["loc"]) or "(gốc)"
        lines.append(f"  - trường '{where}': {e['msg']}")
    return "\n".join(lines)


def from_dict(data: Any, origin: str) -> RuleSet:
    """A rule set from parsed YAML/JSON; ``origin`` names it in the error when it is invalid."""
    if not isinstance(data, dict):
        raise RuleSetError(f"Bộ tiêu chí không hợp lệ ({origin}): nội dung phải là một bảng khóa/giá trị")
    try:
        return RuleSet.model_validate(data)
    except ValidationError as err:
        raise RuleSetError(_describe(err, origin)) from None


def load_file(path: str | Path) -> RuleSet:
    """Load a province's rule-set file (YAML or JSON)."""
    import yaml

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleSetError(f"Không đọc được tệp bộ tiêu chí {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RuleSetError(f"Tệp bộ tiêu chí {p} không phải văn bản UTF-8") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleSetError(f"Tệp bộ tiêu chí {p} sai cú pháp YAML: {exc}") from None
    return from_dict(data, str(p))


def builtin_ids() -> list[str]:
    """The ids of the rule sets shipped with the package."""
    folder = resources.files("hoctap_xl") / "data" / "bo-tieu-chi"
    return sorted(f.name.removesuffix(".yaml") for f in folder.iterdir() if f.name.endswith(".yaml"))


_CACHE: dict[str, RuleSet] = {}


def builtin(name: str = "hoctap-mac-dinh") -> RuleSet:
    """A rule set shipped with the package, by file stem."""
    if name not in _CACHE:
        import yaml

        res = resources.files("hoctap_xl") / "data" / "bo-tieu-chi" / f"{name}.yaml"
        if not res.is_file():
            raise RuleSetError(f"Không có bộ tiêu chí '{name}' (có: {', '.join(builtin_ids())})")
        _CACHE[name] = from_dict(yaml.safe_load(res.read_text(encoding="utf-8")), f"{name}.yaml")
    return _CACHE[name]


def default() -> RuleSet:
    """The rule set new workbooks get (``hoctap-mac-dinh``)."""
    return builtin()


# --- the flat key = value form used on the ``Bộ tiêu chí`` sheet -------------------------

def flatten(rules: RuleSet) -> list[tuple[str, Any]]:
    """``[("cong_dan.nguong", 80), ("gia_dinh.tieu_chi.1.ten", "..."), ...]`` in a stable order."""
    out: list[tuple[str, Any]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(value, list):
            out.append((f"{prefix}.#", len(value)))
            for i, v in enumerate(value, start=1):
                walk(f"{prefix}.{i}", v)
        else:
            out.append((prefix, value))

    walk("", rules.model_dump(mode="json"))
    return out


def unflatten(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Inverse of :func:`flatten` (values as read back from cells)."""
    root: dict[str, Any] = {}
    lists: set[str] = set()
    for key, _ in pairs:
        if key.endswith(".#"):
            lists.add(key[:-2])
    for key, value in pairs:
        if key.endswith(".#"):
            continue
        parts = key.split(".")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def fix(prefix: str, node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        fixed = {k: fix(f"{prefix}.{k}" if prefix else k, v) for k, v in node.items()}
        if prefix in lists:
            return [fixed[k] for k in sorted(fixed, key=lambda s: int(s) if s.isdigit() else 0)]
        return fixed

    result = fix("", root)
    assert isinstance(result, dict)
    return result
