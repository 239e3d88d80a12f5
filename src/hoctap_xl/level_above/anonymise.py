"""``--an-danh`` (Nghị định 13/2023/NĐ-CP on personal data): outputs that name nobody."""

from __future__ import annotations

from dataclasses import replace

from hoctap_xl.findings import CODES, Finding
from hoctap_xl.level_above.files import NOT_READ, Aggregate


def anonymised(agg: Aggregate) -> Aggregate:
    """Every finding keeps its code, level, file, sheet and cell but its message becomes the code's
    title, which names nobody. The summary workbook, the JSON and the report then carry counts and
    shares only."""

    def plain(f: Finding) -> Finding:
        return replace(f, message=CODES[f.code].title)

    for f in agg.files:
        f.findings = [plain(x) for x in f.findings]
        if f.reason and f.status == NOT_READ:
            f.reason = CODES["tep-khong-doc-duoc"].title
    agg.findings = [plain(x) for x in agg.findings]
    return agg
