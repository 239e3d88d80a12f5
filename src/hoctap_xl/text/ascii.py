"""ASCII file names from Vietnamese text (``Tân Văn`` → ``Tan_Van``)."""

from __future__ import annotations

import re
import unicodedata


def ascii_fold(text: str) -> str:
    """Remove diacritics; đ/Đ become d/D (they are not combining marks)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def file_stem(code: str, name: str, year: int) -> str:
    """``<mã>_<Xa_khong_dau>_<năm>``, e.g. ``05999_Tan_Van_2025`` (the name of a copy sent to the level above)."""
    name = re.sub(r"^\s*(xã|phường|thị trấn)\s+", "", name, flags=re.IGNORECASE)  # "Phường Mỹ Thạnh" → My_Thanh
    words = re.sub(r"[^A-Za-z0-9]+", "_", ascii_fold(name)).strip("_")
    parts = [p for p in (re.sub(r"[^0-9A-Za-z]", "", code), words or "xa", str(year)) if p]
    return "_".join(parts)
