"""Vietnamese names, places and units the sample communes draw from.

The vocabulary per region (surnames with their weights, village names and the syllables that make
more of them, what the local cooperatives and workshops do), middle and given names for the north
and the south, the brands and fields of local businesses; :func:`region_for` finds a province's
region and :class:`PersonNames` draws a full name. All text is NFC.
"""

from __future__ import annotations

import bisect
import itertools
import random
import unicodedata
from dataclasses import dataclass

from hoctap_xl.text.values import name_key


def _nfc(text: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", w.strip()) for w in text.split(",") if w.strip())


@dataclass(frozen=True)
class Weighted:
    """Words with weights (``"Nguyễn:30,Trần:12"``), drawn in proportion to them."""

    items: tuple[str, ...]
    cum: tuple[float, ...]

    @classmethod
    def of(cls, text: str) -> Weighted:
        """Parse ``word:weight`` pairs separated by commas."""
        pairs = [p.split(":") for p in _nfc(text)]
        return cls(tuple(p[0] for p in pairs), tuple(itertools.accumulate(float(p[1]) for p in pairs)))

    def pick(self, rng: random.Random) -> str:
        """One word, with the probability of its weight."""
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


@dataclass(frozen=True)
class Region:
    """What the communes of one part of the country are called and what they do."""

    surnames: Weighted
    places: tuple[str, ...]          # village names without their "Thôn"/"Bản"/"Ấp" prefix
    heads: tuple[str, ...]           # first syllables, to make more village names
    tails: tuple[str, ...]           # second syllables
    prefix: str                      # "Thôn", "Bản", "Ấp"
    difficult_share: float           # share of thôn flagged Vùng khó khăn in a rural commune
    south: bool
    products: tuple[str, ...]        # what the local cooperatives do
    crafts: tuple[str, ...]          # what the local workshops do


NORTHEAST = Region(
    Weighted.of("Hoàng:16,Nông:11,Lương:7,Vi:6,Lăng:5,Hà:5,Triệu:5,Lộc:4,Chu:3,Lý:3,Dương:3,Mã:2,Bế:2,"
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
NORTHWEST = Region(
    Weighted.of("Lò:12,Quàng:8,Lường:8,Cầm:5,Tòng:4,Giàng:10,Vàng:8,Sùng:7,Thào:7,Mùa:5,Lý:4,Nguyễn:8,"
                 "Hoàng:4,Trần:3"),
    _nfc("Huổi Só,Sín Chải,Phìn Hồ,Tả Phìn,Háng Đề Dê,Pú Nhung,Xá Nhè,Lồng Sình,Trung Thu,Mường Đun,"
         "Sính Phình,Tủa Thàng,Huổi Lóng,Pàng Dề,Phiêng Quảng,Nà Sáy,Sáng Tớ,Làng Vần,Lao Xả Phình,Hấu Chua"),
    _nfc("Huổi,Sín,Phìn,Tả,Háng,Pú,Nậm,Phiêng,Nà,Pa"),
    _nfc("Só,Chải,Hồ,Phìn,Nhung,Lóng,Dề,Sáy,Thàng,Chua,Khò,Mấn"),
    "Bản", 0.6, False,
    _nfc("Chè Shan tuyết,Nông nghiệp,Dược liệu"),
    _nfc("mộc,dệt thổ cẩm,cơ khí,chế biến chè"))
RED_RIVER_DELTA = Region(
    Weighted.of("Nguyễn:30,Trần:12,Lê:10,Phạm:8,Hoàng:5,Vũ:6,Đặng:4,Bùi:5,Đỗ:5,Ngô:3,Dương:3,Lý:2,Đinh:3,"
                 "Đào:3"),
    _nfc("Đông,Đoài,Thượng,Trung,Hạ,An Lạc,Phú Mỹ,Yên Thái,Đồng Tâm,Tân Lập,Bình Minh,Quyết Tiến,Đại Đồng,"
         "Hòa Bình,Phú Xuân,Thanh Lương,Văn Phong,Hưng Long"),
    _nfc("An,Phú,Yên,Tân,Đông,Hưng,Thanh,Bình,Đại,Vĩnh"),
    _nfc("Lạc,Mỹ,Thái,Lập,Hòa,Long,Xuân,Phong,Thịnh,Khánh,Lộc,Ninh"),
    "Thôn", 0.0, False,
    _nfc("Dịch vụ nông nghiệp,Rau an toàn,Nấm sạch"),
    _nfc("mộc,may,cơ khí,làm bánh"))
SOUTH = Region(
    Weighted.of("Nguyễn:30,Trần:11,Lê:9,Huỳnh:9,Võ:8,Phạm:6,Lâm:4,Châu:4,Trương:4,Đặng:3,Phan:4,Dương:2,"
                 "Bùi:2,Ngô:2,Tô:2,Đoàn:2"),
    _nfc("Mỹ Hòa,Bình An,Tân Phú,Long Hòa,Phú Thạnh,Hòa Long,Bình Thạnh,Mỹ Phú,An Thới,Tân Hiệp,Vĩnh Lợi,"
         "Thạnh Lộc,Bình Hòa,Long Thạnh,Mỹ Thuận"),
    _nfc("Mỹ,Bình,Tân,Long,Phú,Hòa,An,Vĩnh,Thạnh"),
    _nfc("Hòa,An,Phú,Thạnh,Lộc,Thới,Lợi,Hưng,Thuận,Khánh"),
    "Ấp", 0.05, True,
    _nfc("Nông nghiệp,Lúa giống,Thủy sản,Rau màu"),
    _nfc("cơ khí,may,chế biến thủy sản,làm bánh phồng,đan lát"))

KHOM_BASES = _nfc("Đông Thịnh,Tây Khánh,Thới An,Đông An,Mỹ Phước,Bình Khánh,Thạnh An,Mỹ Thới")
PROVINCES = {
    NORTHEAST: "Lạng Sơn,Cao Bằng,Bắc Kạn,Thái Nguyên,Tuyên Quang,Hà Giang",
    NORTHWEST: "Điện Biên,Lai Châu,Sơn La,Lào Cai,Yên Bái",
    SOUTH: "An Giang,Kiên Giang,Cần Thơ,Đồng Tháp,Vĩnh Long,Trà Vinh,Sóc Trăng,Bạc Liêu,Cà Mau,Hậu Giang,"
           "Bến Tre,Tiền Giang,Long An,Tây Ninh,Đồng Nai,Bình Dương,Bình Phước,Hồ Chí Minh",
}
CITIES = _nfc("Hà Nội,Hồ Chí Minh,Hải Phòng,Đà Nẵng,Cần Thơ,Huế")

_MALE_MIDDLE = Weighted.of("Văn:60,Đức:8,Minh:7,Quốc:5,Hữu:5,Công:5,Thanh:4,Ngọc:3,Xuân:3")
_FEMALE_MIDDLE = Weighted.of("Thị:72,Ngọc:6,Thu:5,Thanh:4,Hồng:4,Kim:4,Thùy:3,Minh:2")
_MALE_MIDDLE_SOUTH = Weighted.of("Văn:45,Minh:12,Thanh:10,Hoàng:8,Quốc:8,Hữu:7,Ngọc:5,Phước:5")
_FEMALE_MIDDLE_SOUTH = Weighted.of("Thị:55,Ngọc:12,Kim:10,Thanh:8,Thúy:5,Mỹ:5,Bích:5")
_SECOND_MIDDLE = _nfc("Thu,Ngọc,Kim,Hồng,Minh,Thanh")
CLAN_MIDDLE = _nfc("Văn,Đình,Đức,Ngọc,Công")
_MALE_GIVEN = _nfc("Hùng,Dũng,Tuấn,Thắng,Hải,Sơn,Tùng,Quân,Cường,Bình,Phong,Long,Chiến,Toàn,Khánh,Lâm,Tiến,"
                   "Hưng,Thành,Đạt,Hòa,Vinh,Nam,Trung,Kiên,Quang,Thuận,Tú,Thái,Lợi,Phúc,Dương,Huy,Đăng,Khải,"
                   "Sỹ,Tư,Cả,Thạch,Pấu")
_FEMALE_GIVEN = _nfc("Lan,Hoa,Hương,Mai,Thủy,Hằng,Nga,Dung,Liên,Ngân,Thu,Trang,Yến,Huyền,Nhung,Xuân,Hiền,Thơm,"
                     "Chanh,Mùi,Dần,Sinh,Vân,Hạnh,Loan,Phương,Thảo,Linh,Quyên,Hường,Lụa,Tươi,Ngoan,Duyên,Kỳ")
_MALE_GIVEN_SOUTH = _nfc("Tâm,Phúc,Lộc,Tài,Hậu,Nhân,Nghĩa,Trí,Thiện,Phước,Hiếu,Khang,Vũ,Tuấn,Dũng,Hùng,Hải,"
                         "Long,Sang,Tín,Toàn,Thành,Bảo,Duy,Cường,Tiền,Kiệt,Lực,Em,Quý")
_FEMALE_GIVEN_SOUTH = _nfc("Thảo,Diễm,Phượng,Loan,Hạnh,Trinh,Ngân,Hân,Như,Tuyết,Nhung,Xuân,Lan,Mai,Liên,Thúy,"
                           "Trang,Yến,Huyền,Bích,Cúc,Đào,Hồng,Kiều,Oanh,My,Vy,Tiên,Út,Nhi")
BRANDS = _nfc("An Phát,Hưng Thịnh,Thành Công,Phúc Lộc,Minh Khang,Tân Tiến,Đại Phong,Việt Hưng,Hoàng Long,"
              "Bảo An,Nam Việt,Thiên Phú,Kim Ngân,Trường Sơn,Đông Á,Sao Mai,Quang Minh,Hồng Hà,Phú Gia,Tân Thành")
FIELDS = _nfc("May mặc,Chế biến gỗ,Xây dựng,Vật liệu xây dựng,Thương mại và Dịch vụ,Chế biến nông sản")
VILLAGE_PREFIXES = ("Tổ dân phố", "Thôn", "Bản", "Ấp", "Khóm")


def region_for(province: str) -> Region:
    """The region of a province (``Tỉnh``/``Thành phố`` prefixes ignored); the delta by default."""
    key = name_key(province)
    for prefix in ("tỉnh ", "thành phố ", "tp. ", "tp "):
        key = key.removeprefix(prefix)
    for region, names in PROVINCES.items():
        if key in {name_key(n) for n in names.split(",")}:
            return region
    return RED_RIVER_DELTA


def split_village(thon_name: str) -> tuple[str, str]:
    """("thôn", "Nà Pàn") from "Thôn Nà Pàn"; ("", name) when it has no known prefix."""
    for p in VILLAGE_PREFIXES:
        if thon_name.startswith(p + " "):
            return p.lower(), thon_name[len(p) + 1:]
    return "", thon_name


class PersonNames:
    """Vietnamese personal names of a region."""

    def __init__(self, region: Region) -> None:
        """The name tables of ``region`` (the south has its own middle and given names)."""
        self.region = region
        south = region.south
        self.male_middle = _MALE_MIDDLE_SOUTH if south else _MALE_MIDDLE
        self.female_middle = _FEMALE_MIDDLE_SOUTH if south else _FEMALE_MIDDLE
        self.male_given = _MALE_GIVEN_SOUTH if south else _MALE_GIVEN
        self.female_given = _FEMALE_GIVEN_SOUTH if south else _FEMALE_GIVEN

    def person(self, rng: random.Random, female: bool, surname: str = "", middle: str = "") -> str:
        """A full name; ``surname`` and ``middle`` are drawn when not given."""
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
