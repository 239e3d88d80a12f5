"""The level above's totals: Σ numerators ÷ Σ denominators over the counted communes (never an
average of percentages), against the level above's own targets; communes merged in 2025 added up
under their new code; the two small lists an officer gives (expected communes, old → new codes)."""

from __future__ import annotations

from hoctap_xl import layout as L
from hoctap_xl.commune.results import Share
from hoctap_xl.errors import HoctapError
from hoctap_xl.level_above.files import FileResult, Merged
from hoctap_xl.rules.targets import for_commune, resolve
from hoctap_xl.text.values import clean_text


def totals(files: list[FileResult], preset: str, year: int | None) -> list[Share]:
    """Σ numerators ÷ Σ denominators over the counted communes, against the level above's targets."""
    targets = for_commune(preset, year, False).values if year is not None else {}
    out = []
    for code in L.SHARE_CODES:
        got = sum(s.recognised for f in files if f.counted for s in f.shares if s.code == code)
        of = sum(s.total for f in files if f.counted for s in f.shares if s.code == code)
        target = resolve(targets.get(code, {}), year) if year is not None else None
        out.append(Share(code, got, of, target))
    return out


def merged_communes(files: list[FileResult], mapping: dict[str, tuple[str, str]], preset: str,
                    year: int | None) -> list[Merged]:
    """Σ÷Σ of the counted workbooks under each new code (targets: the level above's)."""
    groups: dict[str, list[FileResult]] = {}
    names: dict[str, str] = {}
    for f in files:
        if f.counted and f.code in mapping:
            new, name = mapping[f.code]
            groups.setdefault(new, []).append(f)
            names[new] = name or names.get(new, "")
    return [Merged(code, names[code], [f.code for f in group], totals(group, preset, year))
            for code, group in sorted(groups.items())]


def _fields(line: str) -> list[str]:
    return [clean_text(p) for p in line.replace(";", ",").replace("\t", ",").split(",")]


def parse_expected(text: str) -> list[tuple[str, str]]:
    """``--danh-sach``: one commune per line, ``mã;tên`` or ``mã,tên`` or just the name (a
    first line naming the columns is skipped)."""
    out = []
    for line in text.splitlines():
        parts = [p for p in _fields(line) if p]
        if not parts or parts[0].casefold() in ("mã", "ma", "mã đơn vị hành chính", "tên", "xã"):
            continue
        code, name = (parts[0], parts[1]) if len(parts) > 1 and parts[0].isdigit() else ("", parts[-1])
        out.append((code, name))
    return out


def parse_mapping(text: str, name: str) -> dict[str, tuple[str, str]]:
    """``--sap-nhap``: one line per old commune, ``mã cũ;mã mới;tên xã mới`` (a header line is
    skipped). Each workbook keeps its own code, so the duplicate check is unaffected."""
    out: dict[str, tuple[str, str]] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        parts = _fields(line)
        if not any(parts) or not parts[0].isdigit():
            continue
        if len(parts) < 2 or not parts[1].isdigit():
            raise HoctapError(f"Tệp sáp nhập {name}, dòng {n}: cần \u201cmã cũ;mã mới;tên xã mới\u201d.")
        out[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out
