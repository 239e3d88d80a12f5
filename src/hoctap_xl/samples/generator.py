"""Realistic sample communes, deterministic: for the demo, benchmarks and tests.

Pure Python (``random.Random`` only, no Excel library). :func:`generate` builds one commune's
``Thông tin chung`` values and input tables — every label and header comes from :mod:`layout`,
the criteria count and maximum points from the rule set — and, on request, a small documented
set of the mistakes officials really make, each with the finding code it must produce
(``""`` where the reader must accept the value silently).

Denominators are built from the rows, so shares stay plausible at any size: a thôn's
``Tổng số hộ`` is at least its registered households, ``Số người lao động`` well above the people
registered there, a unit's ``Số CBCCVC, người lao động`` at least its staff in the person list,
a clan's ``Số hộ trong dòng họ`` at least the households naming it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.rules import ruleset as R
from hoctap_xl.text.values import name_key

# --- vocabulary -------------------------------------------------------------------------------


def _nfc(text: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", w.strip()) for w in text.split(",") if w.strip())


@dataclass(frozen=True)
class _Weighted:
    items: tuple[str, ...]
    cum: tuple[float, ...]

    @classmethod
    def of(cls, text: str) -> _Weighted:
        pairs = [p.split(":") for p in _nfc(text)]
        return cls(tuple(p[0] for p in pairs), tuple(itertools.accumulate(float(p[1]) for p in pairs)))

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


@dataclass(frozen=True)
class _Region:
    surnames: _Weighted
    places: tuple[str, ...]          # village names without their "Thôn"/"Bản"/"Ấp" prefix
    heads: tuple[str, ...]           # first syllables, to make more village names
    tails: tuple[str, ...]           # second syllables
    prefix: str                      # "Thôn", "Bản", "Ấp"
    difficult_share: float           # share of thôn flagged Vùng khó khăn in a rural commune
    south: bool
    products: tuple[str, ...]        # what the local cooperatives do
    crafts: tuple[str, ...]          # what the local workshops do


_DONG_BAC = _Region(
    _Weighted.of("Hoàng:16,Nông:11,Lương:7,Vi:6,Lăng:5,Hà:5,Triệu:5,Lộc:4,Chu:3,Lý:3,Dương:3,Mã:2,Bế:2,"
                 "Hứa:2,Lành:2,Nguyễn:12,Trần:4,Lê:3,Phạm:3,Đinh:2"),
    _nfc("Nà Pàn,Khuổi Tẩu,Pác Làng,Còn Nưa,Phiêng Quăn,Nà Lạn,Bản Chu,Khau Ràng,Nà Thuộc,Pò Mục,Lũng Vài,"
         "Nà Slảng,Khòn Pịt,Pác Mòng,Còn Quan,Phiêng Luông,Khuổi Hin,Nà Riềng,Bản Đon,Cốc Lầy,Nà Cáy,Pác Cáp,"
         "Khuổi Bó,Phiêng Cằm,Còn Kheo,Nà Mò,Bản Nặm,Khau Cà,Lũng Cút,Pò Ngoà"),
    _nfc("Nà,Khuổi,Pác,Còn,Phiêng,Khòn,Pò,Lũng,Khau,Cốc,Bản"),
    _nfc("Pàn,Tẩu,Làng,Nưa,Quăn,Lạn,Ràng,Thuộc,Mục,Vài,Slảng,Pịt,Mò,Cáy,Lầy,Bó,Đon,Hin,Nặm,Riềng,Luông,"
         "Coóc,Kheo,Tao,Phai,Ngần"),
    "Thôn", 0.3, False,
    _nfc("Nông lâm nghiệp,Chè,Hồi,Dịch vụ nông nghiệp,Rau an toàn,Thạch đen"),
    _nfc("mộc,may,chế biến miến dong,sản xuất gạch không nung,cơ khí,chế biến thạch đen"))
_TAY_BAC = _Region(
    _Weighted.of("Lò:12,Quàng:8,Lường:8,Cầm:5,Tòng:4,Giàng:10,Vàng:8,Sùng:7,Thào:7,Mùa:5,Lý:4,Nguyễn:8,"
                 "Hoàng:4,Trần:3"),
    _nfc("Huổi Só,Sín Chải,Phìn Hồ,Tả Phìn,Háng Đề Dê,Pú Nhung,Xá Nhè,Lồng Sình,Trung Thu,Mường Đun,"
         "Sính Phình,Tủa Thàng,Huổi Lóng,Pàng Dề,Phiêng Quảng,Nà Sáy,Sáng Tớ,Làng Vần,Lao Xả Phình,Hấu Chua"),
    _nfc("Huổi,Sín,Phìn,Tả,Háng,Pú,Nậm,Phiêng,Nà,Pa"),
    _nfc("Só,Chải,Hồ,Phìn,Nhung,Lóng,Dề,Sáy,Thàng,Chua,Khò,Mấn"),
    "Bản", 0.6, False,
    _nfc("Chè Shan tuyết,Nông nghiệp,Dược liệu"),
    _nfc("mộc,dệt thổ cẩm,cơ khí,chế biến chè"))
_DONG_BANG = _Region(
    _Weighted.of("Nguyễn:30,Trần:12,Lê:10,Phạm:8,Hoàng:5,Vũ:6,Đặng:4,Bùi:5,Đỗ:5,Ngô:3,Dương:3,Lý:2,Đinh:3,"
                 "Đào:3"),
    _nfc("Đông,Đoài,Thượng,Trung,Hạ,An Lạc,Phú Mỹ,Yên Thái,Đồng Tâm,Tân Lập,Bình Minh,Quyết Tiến,Đại Đồng,"
         "Hòa Bình,Phú Xuân,Thanh Lương,Văn Phong,Hưng Long"),
    _nfc("An,Phú,Yên,Tân,Đông,Hưng,Thanh,Bình,Đại,Vĩnh"),
    _nfc("Lạc,Mỹ,Thái,Lập,Hòa,Long,Xuân,Phong,Thịnh,Khánh,Lộc,Ninh"),
    "Thôn", 0.0, False,
    _nfc("Dịch vụ nông nghiệp,Rau an toàn,Nấm sạch"),
    _nfc("mộc,may,cơ khí,làm bánh"))
_NAM_BO = _Region(
    _Weighted.of("Nguyễn:30,Trần:11,Lê:9,Huỳnh:9,Võ:8,Phạm:6,Lâm:4,Châu:4,Trương:4,Đặng:3,Phan:4,Dương:2,"
                 "Bùi:2,Ngô:2,Tô:2,Đoàn:2"),
    _nfc("Mỹ Hòa,Bình An,Tân Phú,Long Hòa,Phú Thạnh,Hòa Long,Bình Thạnh,Mỹ Phú,An Thới,Tân Hiệp,Vĩnh Lợi,"
         "Thạnh Lộc,Bình Hòa,Long Thạnh,Mỹ Thuận"),
    _nfc("Mỹ,Bình,Tân,Long,Phú,Hòa,An,Vĩnh,Thạnh"),
    _nfc("Hòa,An,Phú,Thạnh,Lộc,Thới,Lợi,Hưng,Thuận,Khánh"),
    "Ấp", 0.05, True,
    _nfc("Nông nghiệp,Lúa giống,Thủy sản,Rau màu"),
    _nfc("cơ khí,may,chế biến thủy sản,làm bánh phồng,đan lát"))

_KHOM_BASES = _nfc("Đông Thịnh,Tây Khánh,Thới An,Đông An,Mỹ Phước,Bình Khánh,Thạnh An,Mỹ Thới")
_PROVINCES = {
    _DONG_BAC: "Lạng Sơn,Cao Bằng,Bắc Kạn,Thái Nguyên,Tuyên Quang,Hà Giang",
    _TAY_BAC: "Điện Biên,Lai Châu,Sơn La,Lào Cai,Yên Bái",
    _NAM_BO: "An Giang,Kiên Giang,Cần Thơ,Đồng Tháp,Vĩnh Long,Trà Vinh,Sóc Trăng,Bạc Liêu,Cà Mau,Hậu Giang,"
             "Bến Tre,Tiền Giang,Long An,Tây Ninh,Đồng Nai,Bình Dương,Bình Phước,Hồ Chí Minh",
}
_CITIES = _nfc("Hà Nội,Hồ Chí Minh,Hải Phòng,Đà Nẵng,Cần Thơ,Huế")

_MALE_MIDDLE = _Weighted.of("Văn:60,Đức:8,Minh:7,Quốc:5,Hữu:5,Công:5,Thanh:4,Ngọc:3,Xuân:3")
_FEMALE_MIDDLE = _Weighted.of("Thị:72,Ngọc:6,Thu:5,Thanh:4,Hồng:4,Kim:4,Thùy:3,Minh:2")
_MALE_MIDDLE_SOUTH = _Weighted.of("Văn:45,Minh:12,Thanh:10,Hoàng:8,Quốc:8,Hữu:7,Ngọc:5,Phước:5")
_FEMALE_MIDDLE_SOUTH = _Weighted.of("Thị:55,Ngọc:12,Kim:10,Thanh:8,Thúy:5,Mỹ:5,Bích:5")
_SECOND_MIDDLE = _nfc("Thu,Ngọc,Kim,Hồng,Minh,Thanh")
_CLAN_MIDDLE = _nfc("Văn,Đình,Đức,Ngọc,Công")
_MALE_GIVEN = _nfc("Hùng,Dũng,Tuấn,Thắng,Hải,Sơn,Tùng,Quân,Cường,Bình,Phong,Long,Chiến,Toàn,Khánh,Lâm,Tiến,"
                   "Hưng,Thành,Đạt,Hòa,Vinh,Nam,Trung,Kiên,Quang,Thuận,Tú,Thái,Lợi,Phúc,Dương,Huy,Đăng,Khải,"
                   "Sỹ,Tư,Cả,Thạch,Pấu")
_FEMALE_GIVEN = _nfc("Lan,Hoa,Hương,Mai,Thủy,Hằng,Nga,Dung,Liên,Ngân,Thu,Trang,Yến,Huyền,Nhung,Xuân,Hiền,Thơm,"
                     "Chanh,Mùi,Dần,Sinh,Vân,Hạnh,Loan,Phương,Thảo,Linh,Quyên,Hường,Lụa,Tươi,Ngoan,Duyên,Kỳ")
_MALE_GIVEN_SOUTH = _nfc("Tâm,Phúc,Lộc,Tài,Hậu,Nhân,Nghĩa,Trí,Thiện,Phước,Hiếu,Khang,Vũ,Tuấn,Dũng,Hùng,Hải,"
                         "Long,Sang,Tín,Toàn,Thành,Bảo,Duy,Cường,Tiền,Kiệt,Lực,Em,Quý")
_FEMALE_GIVEN_SOUTH = _nfc("Thảo,Diễm,Phượng,Loan,Hạnh,Trinh,Ngân,Hân,Như,Tuyết,Nhung,Xuân,Lan,Mai,Liên,Thúy,"
                           "Trang,Yến,Huyền,Bích,Cúc,Đào,Hồng,Kiều,Oanh,My,Vy,Tiên,Út,Nhi")
_BRANDS = _nfc("An Phát,Hưng Thịnh,Thành Công,Phúc Lộc,Minh Khang,Tân Tiến,Đại Phong,Việt Hưng,Hoàng Long,"
               "Bảo An,Nam Việt,Thiên Phú,Kim Ngân,Trường Sơn,Đông Á,Sao Mai,Quang Minh,Hồng Hà,Phú Gia,Tân Thành")
_FIELDS = _nfc("May mặc,Chế biến gỗ,Xây dựng,Vật liệu xây dựng,Thương mại và Dịch vụ,Chế biến nông sản")
_SCORE_WORDS = {1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín",
                10: "mười"}
_MIN_FOR_MISTAKES = 50
"""Fewer persons than this get no injected mistakes (there would be too few clean rows)."""
_VILLAGE_PREFIXES = ("Tổ dân phố", "Thôn", "Bản", "Ấp", "Khóm")


def _region(tinh: str) -> _Region:
    key = name_key(tinh)
    for prefix in ("tỉnh ", "thành phố ", "tp. ", "tp "):
        key = key.removeprefix(prefix)
    for region, names in _PROVINCES.items():
        if key in {name_key(n) for n in names.split(",")}:
            return region
    return _DONG_BANG


# --- public types ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Mistake:
    """A deliberate mistake: where it is and the finding it must produce ("" = none)."""

    table: str      # table key, e.g. "cong_dan"
    row: int        # 0-based index in that table's list of rows
    header: str
    what: str
    code: str


@dataclass
class CommuneSample:
    info: dict[str, Any]
    """``Thông tin chung``: layout label → value."""
    tables: dict[str, list[dict[str, Any]]]
    """Table key (``thon``, ``cong_dan``, ``gia_dinh``, ``dong_ho``, ``cong_dong``, ``don_vi``,
    ``cap_xa``) → rows as ``{header: value}`` in the layout's header order."""
    mistakes: list[Mistake] = field(default_factory=list)


# --- helpers --------------------------------------------------------------------------------

class _Names:
    """Vietnamese personal names of a region: (full name, sex)."""

    def __init__(self, region: _Region) -> None:
        self.region = region
        south = region.south
        self.male_middle = _MALE_MIDDLE_SOUTH if south else _MALE_MIDDLE
        self.female_middle = _FEMALE_MIDDLE_SOUTH if south else _FEMALE_MIDDLE
        self.male_given = _MALE_GIVEN_SOUTH if south else _MALE_GIVEN
        self.female_given = _FEMALE_GIVEN_SOUTH if south else _FEMALE_GIVEN

    def person(self, rng: random.Random, female: bool, surname: str = "", middle: str = "") -> str:
        surname = surname or self.region.surnames.pick(rng)
        if female:
            middle = middle or self.female_middle.pick(rng)
            if middle == "Thị" and rng.random() < 0.12:
                middle = f"Thị {rng.choice(_SECOND_MIDDLE)}"
            given = rng.choice(self.female_given)
        else:
            middle = middle or self.male_middle.pick(rng)
            given = rng.choice(self.male_given)
        return f"{surname} {middle} {given}"


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _score_vector(rng: random.Random, n: int, total: int, floor: int, hi: int, moves: int) -> list[int]:
    """``n`` integer scores in ``floor..hi`` summing to ``total`` (clamped), with some spread."""
    total = max(n * floor, min(n * hi, total))
    base, extra = divmod(total, n)
    s = [base] * n
    for i in rng.sample(range(n), extra):
        s[i] += 1
    for _ in range(moves):
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j and s[i] < hi and s[j] > floor:
            s[i] += 1
            s[j] -= 1
    return s


def _criteria_points(rng: random.Random, crit: R.CriteriaRules, good: float) -> list[int | None]:
    """Points per criterion: mostly high enough, some short, a few with one criterion too low."""
    r = rng.random()
    quality = rng.uniform(0.82, 0.98) if r < good else rng.uniform(0.6, 0.8)
    out: list[int | None] = []
    for c in crit.tieu_chi:
        f = quality + rng.uniform(-0.06, 0.06)
        out.append(min(c.diem_toi_da, max(0, round(c.diem_toi_da * f))))
    if good <= r < good + 0.04:
        j = rng.randrange(len(out))
        c = crit.tieu_chi[j]
        out[j] = max(0, c.diem_toi_thieu - rng.randint(1, 3))
    return out


def _row(headers: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(headers, values, strict=True))


def _weighted_index(rng: random.Random, cum: Sequence[float]) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def _short(thon_name: str) -> tuple[str, str]:
    """("thôn", "Nà Pàn") from "Thôn Nà Pàn"."""
    for p in _VILLAGE_PREFIXES:
        if thon_name.startswith(p + " "):
            return p.lower(), thon_name[len(p) + 1:]
    return "", thon_name


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


# --- tables ---------------------------------------------------------------------------------

def _thon_names(rng: random.Random, region: _Region, loai: str, n: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        if name_key(name) not in seen and len(names) < n:
            seen.add(name_key(name))
            names.append(name)

    if loai != "xã" and region.south:
        bases = list(_KHOM_BASES)
        rng.shuffle(bases)
        i = 0
        while len(names) < n:
            base = bases[min(i, len(bases) - 1)]
            size = rng.randint(2, 6) if i < len(bases) - 1 else n
            for k in range(1, size + 1):
                add(f"Khóm {base} {k}")
            i += 1
        return names
    if loai != "xã":
        return [f"Tổ dân phố {i}" for i in range(1, n + 1)]
    places = list(region.places)
    rng.shuffle(places)
    combos = [f"{a} {b}" for a in region.heads for b in region.tails]
    rng.shuffle(combos)
    for place in itertools.chain(places, combos):
        if len(names) >= n:
            break
        prefix = region.prefix
        if region is _DONG_BAC and not place.startswith("Bản") and rng.random() < 0.25:
            prefix = "Bản"
        add(f"{prefix} {place}")
    i = 1
    while len(names) < n:
        add(f"{region.prefix} {i}")
        i += 1
    return names


_CORE_UNITS = (  # (type, name pattern, staff range, share of women)
    ("Cơ quan", "UBND {label}", (22, 40), 0.45),
    ("Cơ quan", "Công an {label}", (8, 18), 0.15),
    ("Cơ quan", "Trạm Y tế {label}", (8, 14), 0.65),
    ("Trường học", "Trường Mầm non {xa}", (15, 35), 0.95),
    ("Trường học", "Trường {ptdtbt}Tiểu học {xa}", (18, 40), 0.75),
    ("Trường học", "Trường {ptdtbt}THCS {xa}", (18, 40), 0.65),
)


@dataclass
class _Unit:
    name: str
    kind: str
    staff: int
    women: float
    listed: int = 0


def _units(rng: random.Random, region: _Region, loai: str, xa: str, thon_names: list[str], wanted: int | None,
           needed: int, difficult: bool) -> list[_Unit]:
    label = f"{loai} {xa}"
    ptdtbt = "PTDTBT " if difficult or region is _TAY_BAC else ""
    out: list[_Unit] = []
    seen: set[str] = set()
    for kind, pattern, (lo, hi), women in _CORE_UNITS:
        name = pattern.format(label=label, xa=xa, ptdtbt=ptdtbt)
        out.append(_Unit(name, kind, rng.randint(lo, hi), women))
        seen.add(name_key(name))
    urban = loai != "xã"
    if wanted is not None:
        out = out[:wanted]
    target = wanted if wanted is not None else rng.randint(14, 18) if urban else rng.randint(8, 11)
    kinds = (("Doanh nghiệp", 0.55), ("Cơ sở sản xuất", 0.3), ("Hợp tác xã", 0.05), ("Trường học", 0.1)) if urban \
        else (("Hợp tác xã", 0.35), ("Doanh nghiệp", 0.3), ("Cơ sở sản xuất", 0.35))
    cum = list(itertools.accumulate(w for _, w in kinds))
    school_no = itertools.count(2)
    clashes = 0
    while len(out) < target or (wanted is None and sum(u.staff for u in out) * 0.9 < needed):
        kind = kinds[_weighted_index(rng, cum)][0]
        if kind == "Doanh nghiệp":
            name = rng.choice((f"Công ty TNHH {rng.choice(_BRANDS)}",
                               f"Công ty CP {rng.choice(_FIELDS)} {rng.choice(_BRANDS)}",
                               f"Doanh nghiệp tư nhân {rng.choice(_BRANDS)}"))
            staff, women = rng.randint(15, 60), 0.5
        elif kind == "Cơ sở sản xuất":
            name = f"Cơ sở {rng.choice(region.crafts)} {rng.choice(_BRANDS)}"
            staff, women = rng.randint(8, 20), 0.45
        elif kind == "Hợp tác xã":
            name = f"HTX {rng.choice(region.products)} {_short(rng.choice(thon_names))[1]}"
            staff, women = rng.randint(8, 25), 0.45
        else:
            name = rng.choice((f"Trường Mầm non {xa} {next(school_no)}",
                               f"Trường Mầm non tư thục {rng.choice(_BRANDS)}"))
            staff, women = rng.randint(12, 30), 0.9
        if name_key(name) in seen:
            clashes += 1
            if clashes < 50:  # try other names first; number them only when the pool runs dry
                continue
            name = f"{name} {next(n for n in itertools.count(2) if name_key(f'{name} {n}') not in seen)}"
        clashes = 0
        seen.add(name_key(name))
        out.append(_Unit(name, kind, staff, women))
    return out


# --- the generator ----------------------------------------------------------------------------

def generate(seed: int = 1, *, tinh: str, xa: str, nam: int, ma: str = "", persons: int = 400,
             households: int = 150, thon: int = 6, clans: int | None = None, units: int | None = None,
             vung_kho_khan: bool = False, mistakes: bool = True, rules: R.RuleSet | None = None,
             loai: str = "xã", cap_tren: str = "") -> CommuneSample:
    """One commune's realistic data; same arguments give the same data.

    ``loai`` is ``xã``, ``phường`` or ``thị trấn`` (wards get tổ dân phố / khóm, more units and
    more Nhóm 2/3 workers); ``cap_tren`` defaults to the province's UBND or Hội Khuyến học.
    With ``mistakes`` a few rows carry deliberate input mistakes, listed in ``mistakes``.
    """
    if thon < 1 or persons < 0 or households < 0:
        raise ValueError("thon ≥ 1, persons ≥ 0, households ≥ 0")
    rules = rules or R.default()
    rng = random.Random(f"hoctap-xl|{seed}|{tinh}|{xa}|{loai}")
    region = _region(tinh)
    names = _Names(region)
    urban = loai != "xã"

    # thôn: names, weights, flags
    thon_names = _thon_names(rng, region, loai, thon)
    weights = [rng.uniform(0.5, 1.5) for _ in thon_names]
    share_dk = 0.0 if urban else (0.75 if vung_kho_khan else region.difficult_share)
    flags = [rng.random() < share_dk for _ in thon_names]
    if share_dk and not any(flags) and thon >= 3:
        flags[rng.randrange(thon)] = True

    # who works in a unit; units sized to hold them
    base_persons = persons - 1 if mistakes and persons >= _MIN_FOR_MISTAKES else persons
    unit_people = round(base_persons * (rng.uniform(0.25, 0.32) if urban else rng.uniform(0.2, 0.27)))
    unit_list = _units(rng, region, loai, xa, thon_names, units, unit_people, vung_kho_khan)
    capacity = sum(u.staff for u in unit_list)
    unit_people = min(unit_people, int(capacity * 0.92))
    if unit_list and unit_people:
        for u, k in zip(unit_list, _allocate(unit_people, [u.staff for u in unit_list]), strict=True):
            u.listed = k
    community = base_persons - unit_people
    per_thon = _allocate(community, weights)
    hh_per_thon = _allocate(households, [w * rng.uniform(0.85, 1.15) for w in weights])

    # denominators, derived so that shares stay plausible
    thon_rows: list[dict[str, Any]] = []
    clan_counts: list[int] = []
    for t, name in enumerate(thon_names):
        ratio = rng.uniform(2.0, 2.6)  # workers per household
        hh = max(rng.randint(90, 140) if urban else rng.randint(60, 90),
                 math.ceil(hh_per_thon[t] / rng.uniform(0.82, 0.97)),
                 math.ceil(per_thon[t] / (ratio * rng.uniform(0.55, 0.85))))
        total_clans = rng.randint(3, 8) if urban else rng.randint(4, 15)
        if clans is None:
            n_clans = round(total_clans * (rng.uniform(0.4, 0.75) if urban else rng.uniform(0.6, 0.95)))
            n_clans = max(1, min(n_clans, hh_per_thon[t] // 3))
        else:
            n_clans = 0
        clan_counts.append(n_clans)
        thon_rows.append(_row(L.THON_HEADERS, (name, hh, total_clans, round(ratio * hh),
                                                   L.YES if flags[t] else L.NO)))
    if clans is not None:
        clan_counts = _allocate(clans, weights)
    for t, row in enumerate(thon_rows):
        row[L.THON_HEADERS[2]] = max(row[L.THON_HEADERS[2]], clan_counts[t])

    # clans
    clan_rows: list[dict[str, Any]] = []
    clan_meta: list[tuple[int, str, str, float]] = []  # thôn, surname, middle, size weight
    used_clans: set[str] = set()
    crit_dh = rules.dong_ho
    for t, n_clans in enumerate(clan_counts):
        pairs: set[tuple[str, str]] = set()
        for _ in range(n_clans):
            for _try in range(50):
                surname = region.surnames.pick(rng)
                middle = rng.choice(_CLAN_MIDDLE) if rng.random() < 0.2 or (surname, "") in pairs else ""
                if (surname, middle) not in pairs:
                    break
            pairs.add((surname, middle))
            form = "Họ" if rng.random() < 0.3 else "Dòng họ"
            clan_name = f"{form} {surname} {middle}".strip()
            if name_key(clan_name) in used_clans:
                prefix, short = _short(thon_names[t])
                clan_name = f"{clan_name} {prefix} {short}".replace("  ", " ")
            n = 2
            while name_key(clan_name) in used_clans:
                clan_name = f"{clan_name} ({n})"
                n += 1
            used_clans.add(name_key(clan_name))
            clan_meta.append((t, surname, middle, rng.uniform(0.5, 2.0)))
            clan_rows.append({L.DONG_HO_HEADERS[0]: clan_name, L.DONG_HO_HEADERS[1]: "",
                              L.DONG_HO_HEADERS[2]: thon_names[t], L.DONG_HO_HEADERS[3]: 0})
    clans_of_thon: dict[int, list[int]] = {}
    for c, (t, *_rest) in enumerate(clan_meta):
        clans_of_thon.setdefault(t, []).append(c)

    # people
    cs = rules.cong_dan
    n_scores = min(cs.so_chi_so, len(L.CHI_SO))
    hi, lo, ok = cs.diem_toi_da, cs.diem_toi_thieu, cs.diem_chi_so_toi_thieu
    max_total = n_scores * hi
    need, need_dk = math.ceil(cs.nguong * n_scores / cs.so_chi_so), math.ceil(cs.nguong_vung_kho_khan * n_scores
                                                                            / cs.so_chi_so)
    thon_cum = list(itertools.accumulate(weights))
    people: list[dict[str, Any]] = []
    seen_people: set[tuple[str, int, str]] = set()
    elders: dict[tuple[int, str], list[str]] = {}  # (thôn, surname) → men born ≤ nam-25, to head households
    group_cum = (0.08, 0.70, 1.0) if urban else (0.72, 0.94, 1.0)

    def one_person(t: int | None, unit: _Unit | None) -> None:
        women = unit.women if unit else 0.52
        place = name_key(unit.name) if unit else name_key(thon_names[t or 0])
        for _ in range(20):
            female = rng.random() < women
            full = names.person(rng, female)
            lo_year, mode = (1965, 1985) if unit else (1950, 1980)
            year = min(2006, max(1950, int(rng.triangular(lo_year, 2007, mode))))
            key = (name_key(full), year, place)
            if key not in seen_people:
                break
        seen_people.add(key)
        if unit is None:
            r = rng.random()
            group = 1 if r < group_cum[0] else 2 if r < group_cum[1] else 3
        elif unit.kind in ("Cơ quan", "Trường học"):
            group = 3 if rng.random() < 0.95 else 2
        elif unit.kind == "Doanh nghiệp":
            group = 3 if rng.random() < 0.4 else 2
        elif unit.kind == "Cơ sở sản xuất":
            group = 2 if rng.random() < 0.85 else 3
        else:
            group = rng.choice((1, 1, 2, 3))
        scores: list[Any] = [None] * len(L.CHI_SO)
        digital: str | None = None
        years: int | None = None
        r = rng.random()
        if r >= 0.03:  # scored (3 % registered but not yet scored)
            good = 0.62 + (0.1 if group == 3 else 0.0)
            r = rng.random()
            if r < good:
                total = int(rng.triangular(need, round(max_total * 0.97) + 1, need + 0.3 * (max_total - need)))
                vec = _score_vector(rng, n_scores, total, ok, hi, 4)
            elif r < good + 0.05:
                total = rng.randint(need, min(need + 8, max_total - hi + ok - 1))
                vec = _score_vector(rng, n_scores - 1, total - (ok - 1), ok, hi, 4)
                vec.insert(rng.randrange(n_scores), ok - 1)
            elif r < good + 0.19 and need_dk < need:
                vec = _score_vector(rng, n_scores, rng.randint(need_dk, need - 1), ok, hi, 4)
            else:
                top = max(need_dk - 1, round(max_total * 0.52))
                vec = _score_vector(rng, n_scores, rng.randint(round(max_total * 0.52), top), max(lo, ok - 2), hi, 8)
            scores[:n_scores] = vec
            well = sum(vec) >= need and min(vec) >= ok
            p_digital = (0.85 if group == 3 else 0.62) if well else 0.35
            digital = L.YES if rng.random() < p_digital else L.NO
            cum = (30, 52, 70, 82, 91, 96, 100) if well else (60, 80, 92, 97, 99, 100, 100)
            years = bisect.bisect_right(cum, rng.random() * 100)
        thon_value = thon_names[t] if t is not None else None
        row = _row(L.CONG_DAN_HEADERS, (full, year, "Nữ" if female else "Nam", thon_value,
                                            unit.name if unit else None, group, *scores, digital, years))
        people.append(row)
        if t is not None and unit is None and not female and year <= nam - 25:
            elders.setdefault((t, full.split(" ")[0]), []).append(full)

    order: list[tuple[int | None, _Unit | None]] = [(t, None) for t, k in enumerate(per_thon) for _ in range(k)]
    for u in unit_list:  # half of the unit staff also live in a thôn of the commune
        order += [(_weighted_index(rng, thon_cum) if rng.random() < 0.5 else None, u) for _ in range(u.listed)]
    rng.shuffle(order)
    for home, workplace in order:
        one_person(home, workplace)

    # households
    hh_rows: list[dict[str, Any]] = []
    named_by_clan = [0] * len(clan_rows)
    crit_gd = rules.gia_dinh
    heads_gd = L.headers_for("gia_dinh", len(crit_gd.tieu_chi))
    for t, k in enumerate(hh_per_thon):
        used: set[str] = set()
        mine = clans_of_thon.get(t, [])
        clan_cum = list(itertools.accumulate(clan_meta[c][3] for c in mine))
        for _ in range(k):
            clan = mine[_weighted_index(rng, clan_cum)] if mine and rng.random() < 0.8 else None
            surname, middle = (clan_meta[clan][1], clan_meta[clan][2]) if clan is not None else ("", "")
            head = ""
            for _try in range(20):
                pool = elders.get((t, surname)) if surname else None
                if pool and rng.random() < 0.35:
                    cand = rng.choice(pool)
                    head = cand if not middle or cand.split(" ")[1] == middle else ""
                if not head:
                    female = rng.random() < (0.15 if clan is not None else 0.25)
                    head = names.person(rng, female, "" if female else surname, "" if female else middle)
                if name_key(head) not in used:
                    break
                head = ""
            if not head:
                continue
            used.add(name_key(head))
            if clan is not None:
                named_by_clan[clan] += 1
            size = bisect.bisect_right((8, 28, 58, 78, 90, 96, 100), rng.random() * 100) + 2
            points = _criteria_points(rng, crit_gd, 0.8) if rng.random() >= 0.02 else [None] * len(crit_gd.tieu_chi)
            hh_rows.append(_row(heads_gd, (head, thon_names[t], clan_rows[clan][L.DONG_HO_HEADERS[0]]
                                               if clan is not None else None, size, *points)))

    # clan rows: head, households, points
    heads_dh = L.headers_for("dong_ho", len(crit_dh.tieu_chi))
    for c, row in enumerate(clan_rows):
        t, surname, middle, _w = clan_meta[c]
        pool = elders.get((t, surname))
        head = rng.choice(pool) if pool and rng.random() < 0.3 else names.person(rng, False, surname, middle)
        named = named_by_clan[c]
        total = named + round(named * rng.uniform(0.0, 0.3)) + rng.randint(0, 1) if named else rng.randint(5, 20)
        row.update({L.DONG_HO_HEADERS[1]: head, L.DONG_HO_HEADERS[3]: total})
        row.update(_row(heads_dh[len(L.DONG_HO_HEADERS):], _criteria_points(rng, crit_dh, 0.8)))

    crit_cd, crit_dv = rules.cong_dong, rules.don_vi
    heads_cd = L.headers_for("cong_dong", len(crit_cd.tieu_chi))
    heads_dv = L.headers_for("don_vi", len(crit_dv.tieu_chi))
    community_rows = [_row(heads_cd, (name, *_criteria_points(rng, crit_cd, 0.75))) for name in thon_names]
    unit_rows = [_row(heads_dv, (u.name, u.kind, u.staff, *_criteria_points(rng, crit_dv, 0.85)))
                 for u in unit_list]

    tables = {"thon": thon_rows, "cong_dan": people, "gia_dinh": hh_rows, "dong_ho": clan_rows,
              "cong_dong": community_rows, "don_vi": unit_rows, "cap_xa": _checklist(rng, rules, nam)}
    found = _inject(rng, people, thon_names) if mistakes and persons >= _MIN_FOR_MISTAKES else []
    info = _info(rng, names, tinh, xa, nam, ma, vung_kho_khan, cap_tren)
    if loai != "xã":  # a ward or town types its kind, so its documents say "phường", not "xã"
        info[L.L_XA] = f"{loai.capitalize()} {xa}"
    return CommuneSample(info, tables, found)


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


def _checklist(rng: random.Random, rules: R.RuleSet, nam: int) -> list[dict[str, Any]]:
    items = rules.cap_xa.chi_tieu
    missing = rng.randrange(len(items)) if rng.random() < 0.35 else -1
    rows = []
    position: dict[int, int] = {}
    for i, item in enumerate(items):
        p = position[item.tieu_chi] = position.get(item.tieu_chi, -1) + 1
        patterns = _EVIDENCE.get(item.tieu_chi, ("Báo cáo số {n}/BC-UBND ngày {d}",))
        day = f"{rng.randint(1, 28)}/{rng.randint(1, 11)}/{nam}"
        evidence = patterns[p % len(patterns)].format(n=rng.randint(3, 180), d=day, y=nam)
        level1 = i != missing
        level2 = level1 and rng.random() < 0.55
        rows.append(_row(L.CAP_XA_HEADERS, (item.ma, item.noi_dung, L.YES if level1 else L.NO,
                                                L.YES if level2 else L.NO, evidence)))
    if len(rows) > 1 and all(r[L.CAP_XA_HEADERS[3]] == rows[0][L.CAP_XA_HEADERS[3]] for r in rows):
        flip = 0 if rows[0][L.CAP_XA_HEADERS[2]] == L.YES else 1
        rows[flip][L.CAP_XA_HEADERS[3]] = L.NO if rows[flip][L.CAP_XA_HEADERS[3]] == L.YES else L.YES
    return rows


def _info(rng: random.Random, names: _Names, tinh: str, xa: str, nam: int, ma: str, difficult: bool,
          cap_tren: str) -> dict[str, Any]:
    level = "thành phố" if name_key(tinh) in {name_key(c) for c in _CITIES} else "tỉnh"
    cap_tren = cap_tren or rng.choice((f"UBND {level} {tinh}", f"Hội Khuyến học {level} {tinh}"))
    number = rng.choice((rng.randint(3, 40), rng.randint(150, 480)))

    def decision(n: int) -> str:
        return rng.choice((str(n), f"{n:02d}", f"{n:02d}/QĐ-UBND"))

    report = rng.randint(5, 60) if number < 100 else rng.randint(150, 400)
    day = dt.date(nam, 12, rng.randint(1, 10))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    values: dict[str, Any] = {
        L.L_TINH: tinh, L.L_CAP_TREN: cap_tren, L.L_XA: xa,
        L.L_MA: ma or f"{rng.randint(1, 32999):05d}", L.L_NAM: nam, L.L_VUNG_KK: L.YES if difficult else L.NO,
        L.L_NGUOI_KY: names.person(rng, rng.random() < 0.35), L.L_CHUC_VU: "PHÓ CHỦ TỊCH",
        L.L_THAM_QUYEN: "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH",
        L.L_SO_BAO_CAO: rng.choice((str(report), f"{report}/BC-UBND")),
    }
    for i, label in enumerate(L.L_SO_QD.values()):
        values[label] = decision(number + i)
    values[L.L_NGAY] = day
    return {label: values[label] for label in L.INFO_LABELS}


def _inject(rng: random.Random, people: list[dict[str, Any]], thon_names: list[str]) -> list[Mistake]:
    """The documented mistakes, on distinct scored rows of people living in a thôn (≤ 10 rows)."""
    name_h, _year_h, _sex_h, thon_h, unit_h, group_h = L.CONG_DAN_HEADERS[:6]
    s1 = L.CHI_SO[0]

    def clean(i: int) -> bool:
        row = people[i]
        return row[unit_h] is None and row[thon_h] is not None and row[s1] is not None

    candidates = [i for i in range(len(people)) if clean(i)]
    if len(candidates) < 9:
        return []
    src = rng.choice(candidates)
    dup = rng.randint(src + 1, len(people))
    people.insert(dup, dict(people[src]))
    shifted = [i + 1 if i >= dup else i for i in candidates if i != src]
    picks = rng.sample(shifted, 8)
    found = [Mistake("cong_dan", dup, name_h, f"duplicate of row {src} (same name, birth year and thôn)",
                     "trung-nguoi")]

    def score_at(i: int, wanted: int | None) -> str:
        heads = [h for h in L.CHI_SO if isinstance(people[i][h], int)]
        hits = [h for h in heads if people[i][h] == wanted]
        return rng.choice(hits or heads)

    i = picks[0]
    h = score_at(i, 8)
    people[i][h] = f"{people[i][h]},0"
    found.append(Mistake("cong_dan", i, h, "score typed as text with a decimal comma (a valid number)", ""))
    i = picks[1]
    spaced = people[i][thon_h].replace(" ", "  ", 1) + " "
    people[i][thon_h] = spaced
    found.append(Mistake("cong_dan", i, thon_h, "double inner space and trailing space in the thôn name", ""))
    i = picks[2]
    h = score_at(i, 10)
    people[i][h] = 11
    found.append(Mistake("cong_dan", i, h, "score 11, above the maximum", "diem-ngoai-khoang"))
    i = picks[3]
    h = score_at(i, 8)
    people[i][h] = _SCORE_WORDS.get(people[i][h], "tám")
    found.append(Mistake("cong_dan", i, h, "score typed as a word", "diem-khong-phai-so"))
    i = picks[4]
    h = score_at(i, None)
    people[i][h] = 7.5
    found.append(Mistake("cong_dan", i, h, "score 7.5, not an integer", "diem-khong-nguyen"))
    i = picks[5]
    keys = {name_key(t) for t in thon_names}
    prefix, short = _short(people[i][thon_h])
    wrong = f"{prefix.capitalize()} {_strip_marks(short)}".strip()
    if name_key(wrong) in keys:
        wrong = _strip_marks(people[i][thon_h])
    if name_key(wrong) in keys:
        wrong = f"{people[i][thon_h]}A"
    people[i][thon_h] = wrong
    found.append(Mistake("cong_dan", i, thon_h, "thôn typed without diacritics, not in the thôn list",
                         "thon-khong-co"))
    i = picks[6]
    people[i][group_h] = 4
    found.append(Mistake("cong_dan", i, group_h, "Nhóm 4 (only 1, 2, 3 exist)", "nhom-khong-hop-le"))
    i = picks[7]
    h = score_at(i, None)
    people[i][h] = None
    found.append(Mistake("cong_dan", i, h, "one score left blank while the others are filled", "diem-trong"))
    return sorted(found, key=lambda m: m.row)


# --- demo ---------------------------------------------------------------------------------

DEMO_COMMUNES: list[dict[str, Any]] = [
    {"seed": 3, "tinh": "Lạng Sơn", "xa": "Tân Văn", "ma": "06166", "loai": "xã", "persons": 1500,
     "households": 800, "thon": 9, "units": 12, "vung_kho_khan": False, "mistakes": False},
    {"seed": 7, "tinh": "Lạng Sơn", "xa": "Châu Sơn", "ma": "06097", "loai": "xã", "persons": 1000,
     "households": 560, "thon": 7, "units": 10, "vung_kho_khan": True},
    {"seed": 11, "tinh": "An Giang", "xa": "Mỹ Thạnh", "ma": "30295", "loai": "phường", "persons": 2400,
     "households": 1300, "thon": 10, "units": 22, "vung_kho_khan": False},
]
"""Parameter sets of the demo communes (administrative codes are illustrative). The first is
clean, so the demo shows its finished documents; the others carry typing mistakes on purpose."""


def demo_communes(nam: int = 2025) -> list[CommuneSample]:
    return [generate(**params, nam=nam) for params in DEMO_COMMUNES]
