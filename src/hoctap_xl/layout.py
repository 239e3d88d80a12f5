"""The commune workbook's public shape: sheet names, labels, headers, buttons.

Everything that names a sheet, a label or a header lives here, once. The template builder
writes these names, the reader looks for them, the UDFs and ``score`` use the same table
positions. Change a name only by keeping the old form readable (and say so in the changelog).
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_VERSION = "1.3"
"""Version of the workbook layout. Bump the minor for additive changes, the major otherwise;
add the version to :data:`TEMPLATE_HISTORY` and a frozen workbook of the old one to
tests/fixtures/ (``mau-<version>_….xlsm``) so ``upgrade`` is tested from it."""

TEMPLATE_HISTORY = {
    "1.0": "first template (issues 1-6)",
    "1.1": "buttons Sang năm mới and Tách theo thôn; _meta records where a workbook came from (tao_tu)",
    "1.2": "result blocks compute without Python: =IFERROR(HT_…(…), native formulas from the rule set)",
    "1.3": "optional inputs (issue 15): Thông tin chung's plans, Chủ tịch Hội Khuyến học, Số TTr, Ngày tờ trình; "
           "columns Giới tính chủ hộ and Cấp quản lý after Tiêu chí N",
}

# --- sheets, in the contract's order --------------------------------------------------------
HUONG_DAN = "Hướng dẫn"
THONG_TIN = "Thông tin chung"
THON = "Thôn - TDP"
CONG_DAN = "Công dân học tập"
GIA_DINH = "Gia đình học tập"
DONG_HO = "Dòng họ học tập"
CONG_DONG = "Cộng đồng học tập"
DON_VI = "Đơn vị học tập"
CAP_XA = "CĐHT cấp xã"
CHI_TIEU = "Chỉ tiêu"
TONG_HOP = "Tổng hợp"
BO_TIEU_CHI = "Bộ tiêu chí"
NOI_DUNG = "Nội dung báo cáo"
LOI_NHAP_LIEU = "Lỗi nhập liệu"
META = "_meta"
XLWINGS_CONF = "xlwings.conf"

VISIBLE_SHEETS = (HUONG_DAN, THONG_TIN, THON, CONG_DAN, GIA_DINH, DONG_HO, CONG_DONG, DON_VI,
                  CAP_XA, CHI_TIEU, TONG_HOP, BO_TIEU_CHI, NOI_DUNG)
REQUIRED_SHEETS = VISIBLE_SHEETS[1:12]  # Hướng dẫn and Nội dung báo cáo may be missing

# --- Thông tin chung labels (column A) -------------------------------------------------------
L_TINH = "Tỉnh/thành phố"
L_CAP_TREN = "Cấp trên trực tiếp"
L_XA = "Xã/phường/thị trấn"
L_MA = "Mã đơn vị hành chính"
L_NAM = "Năm đánh giá"
L_VUNG_KK = "Vùng khó khăn"
L_NGUOI_KY = "Người ký"
L_CHUC_VU = "Chức vụ người ký"
L_THAM_QUYEN = "Thẩm quyền ký"
L_SO_BAO_CAO = "Số báo cáo"
L_SO_QD = {
    "cong_dan": "Số QĐ Công dân học tập",
    "gia_dinh": "Số QĐ Gia đình học tập",
    "dong_ho": "Số QĐ Dòng họ học tập",
    "cong_dong": "Số QĐ Cộng đồng học tập",
    "don_vi": "Số QĐ Đơn vị học tập",
}
L_NGAY = "Ngày ban hành"
INFO_LABELS = (L_TINH, L_CAP_TREN, L_XA, L_MA, L_NAM, L_VUNG_KK, L_NGUOI_KY, L_CHUC_VU,
               L_THAM_QUYEN, L_SO_BAO_CAO, *L_SO_QD.values(), L_NGAY)
"""The contract's labels: a workbook without one of them has a finding."""
L_KE_HOACH_TINH = "Kế hoạch của tỉnh"
L_KE_HOACH_XA = "Kế hoạch của xã"
L_CHU_TICH_HKH = "Chủ tịch Hội Khuyến học"
L_SO_TTR = {
    "cong_dan": "Số TTr Công dân học tập",
    "gia_dinh": "Số TTr Gia đình học tập",
    "dong_ho": "Số TTr Dòng họ học tập",
    "cong_dong": "Số TTr Cộng đồng học tập",
    "don_vi": "Số TTr Đơn vị học tập",
}
L_NGAY_TO_TRINH = "Ngày tờ trình"
OPTIONAL_INFO_LABELS = (L_KE_HOACH_TINH, L_KE_HOACH_XA, L_CHU_TICH_HKH, *L_SO_TTR.values(), L_NGAY_TO_TRINH)
"""Labels added in template 1.3 (issue 15), after the contract's: read when present, never required
(a workbook of an earlier template has none of them). The plans are "số … ngày … của … về …" as
one text; the Số TTr are read like the Số QĐ; Ngày tờ trình like Ngày ban hành."""
INFO_FIRST_ROW = 3
"""Row of the first label in the template (the reader scans all of column A)."""

# --- input headers ---------------------------------------------------------------------------
CHI_SO = tuple(f"Chỉ số {i}" for i in range(1, 11))


def tieu_chi_headers(n: int) -> tuple[str, ...]:
    """The headers ``Tiêu chí 1`` … ``Tiêu chí n``."""
    return tuple(f"Tiêu chí {i}" for i in range(1, n + 1))


THON_HEADERS = ("Tên thôn/TDP", "Tổng số hộ", "Tổng số dòng họ", "Số người lao động", "Vùng khó khăn")
CONG_DAN_HEADERS = ("Họ và tên", "Năm sinh", "Giới tính", "Thôn/TDP", "Đơn vị công tác", "Nhóm",
                    *CHI_SO, "Kỹ năng số", "Số năm liên tục đã đạt")
GIA_DINH_HEADERS = ("Họ tên chủ hộ", "Thôn/TDP", "Dòng họ", "Số thành viên")  # + Tiêu chí 1..N
DONG_HO_HEADERS = ("Tên dòng họ", "Trưởng họ", "Thôn/TDP", "Số hộ trong dòng họ")  # + Tiêu chí
CONG_DONG_HEADERS = ("Thôn/TDP",)  # + Tiêu chí 1..N
DON_VI_HEADERS = ("Tên đơn vị", "Loại đơn vị", "Số CBCCVC, người lao động")  # + Tiêu chí
GIOI_TINH_CHU_HO = "Giới tính chủ hộ"
CAP_QUAN_LY = "Cấp quản lý"
CAP_QUAN_LY_VALUES = ("xã", "tỉnh", "trung ương", "doanh nghiệp")
"""Who manages a unit: the commune recognises the staff of the units it manages (``xã``)."""
OPTIONAL_HEADERS = {"gia_dinh": (GIOI_TINH_CHU_HO,), "don_vi": (CAP_QUAN_LY,)}
"""Input columns added in template 1.3 after the contract's inputs (after ``Tiêu chí N``): read
when the header is there, never required."""
CAP_XA_HEADERS = ("Mã", "Chỉ tiêu", "Đạt mức 1", "Đạt mức 2", "Minh chứng")
CHI_TIEU_HEADERS = ("Mã", "Nội dung")  # + one column per year

BO_TIEU_CHI_HEADERS = ("Khóa", "Nội dung", "Giá trị")
META_HEADERS = ("Khóa", "Giá trị")

MODELS = ("cong_dan", "gia_dinh", "dong_ho", "cong_dong", "don_vi")
"""The five learning models, by key, in the contract's order."""
MODEL_NAMES = {"cong_dan": CONG_DAN, "gia_dinh": GIA_DINH, "dong_ho": DONG_HO, "cong_dong": CONG_DONG,
               "don_vi": DON_VI}
"""Each model's name as a person reads it — also its sheet's name."""
CRITERIA_MODELS = {"gia_dinh": GIA_DINH, "dong_ho": DONG_HO, "cong_dong": CONG_DONG, "don_vi": DON_VI}
"""The four models scored by criteria (``Tiêu chí 1 … N``), by key → sheet."""
MODEL_FIXED_HEADERS = {"gia_dinh": GIA_DINH_HEADERS, "dong_ho": DONG_HO_HEADERS,
                       "cong_dong": CONG_DONG_HEADERS, "don_vi": DON_VI_HEADERS}

# --- share codes (docs/sources.md) ---------------------------------------------------------------
SHARE_CODES = ("GIA_DINH", "DONG_HO", "CONG_DONG", "DON_VI", "CONG_DAN_CONG_DONG",
               "CONG_DAN_DON_VI", "KY_NANG_SO")
SHARE_LABELS = {
    "GIA_DINH": "Tỷ lệ gia đình được công nhận \u201cGia đình học tập\u201d",
    "DONG_HO": "Tỷ lệ dòng họ được công nhận \u201cDòng họ học tập\u201d",
    "CONG_DONG": "Tỷ lệ thôn, tổ dân phố được công nhận \u201cCộng đồng học tập\u201d",
    "DON_VI": "Tỷ lệ cơ quan, trường học, doanh nghiệp được công nhận \u201cĐơn vị học tập\u201d",
    "CONG_DAN_CONG_DONG": "Tỷ lệ người lao động trong gia đình, dòng họ, cộng đồng đạt \u201cCông dân học tập\u201d",
    "CONG_DAN_DON_VI": "Tỷ lệ CBCCVC, người lao động trong đơn vị đạt \u201cCông dân học tập\u201d",
    "KY_NANG_SO": "Tỷ lệ \u201cCông dân học tập\u201d có kỹ năng số",
}

# --- buttons (captions and the macros they run, written into the workbooks) -----------------
BUTTONS = (  # (label, VBA macro): ImportPythonUDFs is xlwings' own; the others are the @sub
    ("Kích hoạt (lần đầu)", "ImportPythonUDFs"),  # wrappers that activation imports from hoctap_xl.buttons
    ("Kiểm tra dữ liệu", "kiem_tra_du_lieu"),
    ("Tính lại", "tinh_lai"),
    ("Tạo báo cáo", "tao_bao_cao"),
    ("Xuất bản gửi cấp trên", "xuat_ban_gui_cap_tren"),
    ("Sang năm mới", "sang_nam_moi"),
    ("Tách theo thôn", "tach_theo_thon"),
    ("Kiểm tra cài đặt", "kiem_tra_cai_dat"),
)
"""The commune workbook's buttons on its guide sheet, in order."""

DISTRICT_BUTTONS = (("Kích hoạt (lần đầu)", "ImportPythonUDFs"), ("Tổng hợp", "tong_hop_cac_xa"))
"""The district workbook's buttons (``Tổng hợp`` runs hoctap_xl.district_buttons.tong_hop_cac_xa)."""
DISTRICT_GUIDE = "Hướng dẫn"
"""The district workbook's first sheet, holding the folder cell and the buttons."""
DISTRICT_FOLDER_CELL = "B4"
"""Cell of the district guide sheet where the folder of returned workbooks is typed."""
DISTRICT_FOLDER_NAME = "ThuMucSo"
"""Defined name of :data:`DISTRICT_FOLDER_CELL`."""

# --- template geometry ----------------------------------------------------------------------
HEADER_ROW = 3
"""1-based row of the header in every table sheet of the template (data start one below)."""


@dataclass(frozen=True)
class TableSpec:
    """One table sheet: its name, where its rows sit, its result columns and their formula."""

    sheet: str
    name: str          # the workbook-level defined name of the table range (header + rows)
    rows: int          # preallocated data rows
    results: tuple[str, ...]   # computed column headers (right of the inputs)
    function: str      # the HT_ function filling the result block


TABLES = {
    "thon": TableSpec(THON, "Thon", 150, (), ""),
    "cong_dan": TableSpec(CONG_DAN, "CongDan", 6000,
                          ("Tổng điểm", "Điểm thấp nhất", "Ngưỡng", "Kết quả", "Lý do", "Danh hiệu"),
                          "HT_CONG_DAN"),
    "gia_dinh": TableSpec(GIA_DINH, "GiaDinh", 2500, ("Tổng điểm", "Kết quả", "Lý do"), "HT_GIA_DINH"),
    "dong_ho": TableSpec(DONG_HO, "DongHo", 400,
                         ("Tổng điểm", "Số hộ đạt GĐHT", "Tỷ lệ hộ đạt GĐHT", "Kết quả", "Lý do"),
                         "HT_DONG_HO"),
    "cong_dong": TableSpec(CONG_DONG, "CongDong", 150,
                           ("Tổng điểm", "Số hộ đạt GĐHT", "Tỷ lệ hộ đạt GĐHT", "Kết quả", "Lý do"),
                           "HT_CONG_DONG"),
    "don_vi": TableSpec(DON_VI, "DonVi", 200, ("Tổng điểm", "Kết quả", "Lý do"), "HT_DON_VI"),
    "cap_xa": TableSpec(CAP_XA, "CapXa", 15, (), "HT_CAP_XA"),
    "chi_tieu": TableSpec(CHI_TIEU, "ChiTieu", 7, (), ""),
}
"""Per table: sheet, defined name, preallocated rows, result columns and their function."""

SHARE_RESULT_HEADERS = ("Số đạt", "Tổng số", "Tỷ lệ", "Chỉ tiêu", "Đạt chỉ tiêu", "Chênh lệch (điểm %)")
BY_THON_HEADERS = ("Thôn/TDP", "Tổng số hộ", "Hộ đạt GĐHT", "Tỷ lệ GĐHT", "Dòng họ", "Dòng họ đạt DHHT",
                   "Người lao động", "Đạt CDHT", "Tỷ lệ CDHT", "Cộng đồng học tập")

RESULT_TRUE = "Đạt"
REJECTED = "Bị loại"
"""Kết quả of a row that is not counted (unknown thôn, missing name…)."""
RESULT_FALSE = "Chưa đạt"
YES = "Có"
NO = "Không"
EXCEL_ERRORS = ("#NAME?", "#LỖI", "#VALUE!", "#REF!", "#N/A", "#DIV/0!", "#NUM!", "#NULL!")
"""Texts a result cell shows instead of a value: Excel's errors (``#NAME?`` when the add-in is missing)
and ``#LỖI``, what the product's functions return when they refuse; a cell starting with one is broken."""

# --- result formulas (legacy array formulas over the result block) ---------------------------
# Arguments are workbook-level defined names covering each table *with its header row*, so the
# functions find columns by header text exactly as the reader does.
INFO_NAME = "ThongTin"      # 'Thông tin chung'!$A$1:$B$40
RULES_NAME = "BoTieuChi"    # 'Bộ tiêu chí' key/value table with its header
FORMULAS = {
    "cong_dan": "HT_CONG_DAN(CongDan,Thon,DonVi,ThongTin,BoTieuChi)",
    "gia_dinh": "HT_GIA_DINH(GiaDinh,Thon,DongHo,BoTieuChi)",
    "dong_ho": "HT_DONG_HO(DongHo,GiaDinh,Thon,BoTieuChi)",
    "cong_dong": "HT_CONG_DONG(CongDong,GiaDinh,Thon,BoTieuChi)",
    "don_vi": "HT_DON_VI(DonVi,BoTieuChi)",
    "cap_xa": "HT_CAP_XA(CapXa)",
    "ty_le": "HT_TY_LE(ThongTin,Thon,CongDan,GiaDinh,DongHo,CongDong,DonVi,ChiTieu,BoTieuChi)",
    "theo_thon": "HT_THEO_THON(Thon,CongDan,GiaDinh,DongHo,CongDong,DonVi,ThongTin,BoTieuChi)",
}


def headers_for(table: str, n_criteria: int = 0) -> tuple[str, ...]:
    """The input headers of a table sheet, in order (criteria tables need N)."""
    if table == "thon":
        return THON_HEADERS
    if table == "cong_dan":
        return CONG_DAN_HEADERS
    if table == "cap_xa":
        return CAP_XA_HEADERS
    if table == "chi_tieu":
        return CHI_TIEU_HEADERS
    return MODEL_FIXED_HEADERS[table] + tieu_chi_headers(n_criteria)


def structure_hash(sheets: list[str], headers: dict[str, tuple[str, ...]]) -> str:
    """Hash of the visible sheet names in order and each table's input headers.

    Recorded in ``_meta`` at build time; the reader recomputes it from what it finds, so a
    renamed sheet or edited header shows up even when the table itself can still be read.
    """
    import hashlib

    kept = [s for s in sheets if s in REQUIRED_SHEETS]  # optional sheets may be deleted freely
    text = "\n".join(kept) + "\n--\n" + "\n".join(
        f"{name}:{'|'.join(heads)}" for name, heads in sorted(headers.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
