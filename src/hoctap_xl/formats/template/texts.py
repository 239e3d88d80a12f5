"""The words the commune template writes besides the contract's names: titles, column comments,
hints, guidance lines, and the widths and heights that fit them.

Plain data and text computed from the rule set (no XlsxWriter); only the template builder uses it.
"""

from __future__ import annotations

import math
from typing import Any

from hoctap_xl import layout as L
from hoctap_xl.rules.ruleset import RuleSet
from hoctap_xl.sheets.native import CHECK_WITH_HOCTAP

DEFAULT_NOTE = "Mặc định tham khảo — đối chiếu hướng dẫn của Hội Khuyến học tỉnh"
RULE_SET_PARTS = {**L.MODEL_NAMES, "cap_xa": L.CAP_XA}
"""The parts of a rule set as ``Bộ tiêu chí`` names them: the five models and the commune checklist."""

TITLES = {
    "thon": "DANH SÁCH THÔN, BẢN, TỔ DÂN PHỐ",
    "cong_dan": "DANH SÁCH ĐĂNG KÝ, ĐÁNH GIÁ \u201cCÔNG DÂN HỌC TẬP\u201d",
    "gia_dinh": "DANH SÁCH ĐĂNG KÝ, ĐÁNH GIÁ \u201cGIA ĐÌNH HỌC TẬP\u201d",
    "dong_ho": "DANH SÁCH ĐĂNG KÝ, ĐÁNH GIÁ \u201cDÒNG HỌ HỌC TẬP\u201d",
    "cong_dong": "ĐÁNH GIÁ \u201cCỘNG ĐỒNG HỌC TẬP\u201d CẤP THÔN, TỔ DÂN PHỐ",
    "don_vi": "DANH SÁCH ĐĂNG KÝ, ĐÁNH GIÁ \u201cĐƠN VỊ HỌC TẬP\u201d",
    "cap_xa": "TỰ ĐÁNH GIÁ \u201cCỘNG ĐỒNG HỌC TẬP\u201d CẤP XÃ",
}
COL_WIDTHS = {"Họ và tên": 28, "Họ tên chủ hộ": 28, "Tên dòng họ": 22, "Trưởng họ": 26, "Tên đơn vị": 36,
              "Tên thôn/TDP": 22, "Thôn/TDP": 18, "Đơn vị công tác": 28, "Dòng họ": 18, "Loại đơn vị": 16,
              "Năm sinh": 8, "Giới tính": 8, "Nhóm": 7, "Kỹ năng số": 9, "Số năm liên tục đã đạt": 11,
              "Lý do": 46, "Danh hiệu": 30, "Kết quả": 10, "Ngưỡng": 8, "Chỉ tiêu": 66, "Minh chứng": 40,
              "Mã": 6, "Đạt mức 1": 10, "Đạt mức 2": 10, "Vùng khó khăn": 10, L.GIOI_TINH_CHU_HO: 9,
              L.CAP_QUAN_LY: 13}
COMMENTS = {
    "Họ và tên": "Mỗi người đăng ký một dòng.",
    "Giới tính": "Nam / Nữ",
    "Thôn/TDP": "Chọn trong danh sách (tên như ở sheet Thôn - TDP).",
    "Đơn vị công tác": ("Ghi khi người này là cán bộ, người lao động của một đơn vị trên địa bàn (chọn trong danh "
                        "sách); để trống nếu là người lao động ở thôn."),
    "Kỹ năng số": "Có / Không (trống là Không).",
    "Số năm liên tục đã đạt": "Số năm liền TRƯỚC năm nay đã đạt Công dân học tập (trống = 0).",
    "Dòng họ": "Chọn dòng họ của hộ (tên như ở sheet Dòng họ học tập); có thể để trống.",
    "Tổng số hộ": "Tổng số hộ của thôn — mẫu số tỷ lệ Gia đình học tập.",
    "Tổng số dòng họ": "Số dòng họ trên địa bàn thôn — mẫu số tỷ lệ Dòng họ học tập.",
    "Số người lao động": ("Số người lao động của thôn — mẫu số tỷ lệ Công dân học tập trong gia đình, dòng họ, "
                          "cộng đồng."),
    "Vùng khó khăn": "Có nếu thôn thuộc vùng khó khăn, vùng đồng bào DTTS (ngưỡng Công dân học tập thấp hơn).",
    "Số hộ trong dòng họ": "Tổng số hộ của dòng họ — mẫu số của tỷ lệ hộ đạt Gia đình học tập.",
    "Số CBCCVC, người lao động": "Mẫu số tỷ lệ Công dân học tập trong đơn vị.",
    "Đạt mức 1": "Có / Không",
    "Đạt mức 2": "Có / Không",
    "Minh chứng": "Số, ngày văn bản hoặc hồ sơ chứng minh.",
    L.GIOI_TINH_CHU_HO: "Nam / Nữ — không bắt buộc; giấy công nhận ghi “Gia đình ông …” hoặc “Gia đình "
                        "bà …” theo cột này (trống: không ghi ông/bà).",
    L.CAP_QUAN_LY: ("xã / tỉnh / trung ương / doanh nghiệp — không bắt buộc. Cơ quan nào quản lý đơn vị: quyết định "
                    "Công dân học tập của xã chỉ ghi cán bộ của đơn vị do xã quản lý; để trống nếu chưa rõ."),
}
YES_NO = ("Kỹ năng số", "Vùng khó khăn", "Đạt mức 1", "Đạt mức 2")
COUNTS = ("Tổng số hộ", "Tổng số dòng họ", "Số người lao động", "Số thành viên", "Số hộ trong dòng họ",
          "Số CBCCVC, người lao động", "Số năm liên tục đã đạt")
NAME_LISTS = {"Thôn/TDP": ("thon", "Tên thôn/TDP", L.THON), "Đơn vị công tác": ("don_vi", "Tên đơn vị", L.DON_VI),
              "Dòng họ": ("dong_ho", "Tên dòng họ", L.DONG_HO)}
"""Columns whose values are chosen from another table's names: (table, its name column, its sheet)."""
WRAPPED = ("Chỉ tiêu", "Minh chứng")
"""Input columns whose cells wrap their text."""

INFO_HINTS = {
    L.L_TINH: "Tên tỉnh/thành phố, vd. Lạng Sơn",
    L.L_CAP_TREN: "Cơ quan nhận báo cáo (dòng Kính gửi), vd. Ủy ban nhân dân tỉnh Lạng Sơn",
    L.L_XA: "Tên xã/phường/thị trấn, không cần chữ \u201cxã\u201d, vd. Tân Văn",
    L.L_MA: "Mã đơn vị hành chính (giữ số 0 ở đầu, vd. 06166)",
    L.L_NAM: "Năm đánh giá, 4 chữ số, vd. 2025",
    L.L_VUNG_KK: "Có nếu cả xã thuộc vùng khó khăn, vùng đồng bào DTTS (chọn Có/Không)",
    L.L_NGUOI_KY: "Họ tên người ký báo cáo, quyết định",
    L.L_CHUC_VU: "vd. CHỦ TỊCH hoặc PHÓ CHỦ TỊCH",
    L.L_THAM_QUYEN: "Một hoặc hai dòng, ngăn bằng dấu ; — vd. TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH",
    L.L_SO_BAO_CAO: "Gõ 15, 15 hoặc 15/BC-UBND; để trống thì in chỗ trống để viết tay",
    L.L_NGAY: "Ngày/tháng/năm, vd. 05/12/2025",
    **dict.fromkeys(L.L_SO_QD.values(), "Gõ 5, 05 hoặc 05/QĐ-UBND; để trống thì in chỗ trống để viết tay"),
    L.L_KE_HOACH_TINH: ("Không bắt buộc. Kế hoạch của UBND tỉnh, một dòng: số … ngày … của … về …, vd. số "
                        "135/KH-UBND ngày 20/02/2024 của UBND tỉnh về xây dựng xã hội học tập (in ở Căn cứ)"),
    L.L_KE_HOACH_XA: ("Không bắt buộc. Kế hoạch của UBND xã, một dòng: số … ngày … của … về … (in ở Căn cứ "
                      "của quyết định và phần Thực hiện của báo cáo)"),
    L.L_CHU_TICH_HKH: "Không bắt buộc. Họ tên Chủ tịch Hội Khuyến học xã, người ký tờ trình",
    **dict.fromkeys(L.L_SO_TTR.values(), "Không bắt buộc. Số tờ trình của Hội Khuyến học: gõ 5, 05 hoặc "
                                         "05/TTr-HKH; để trống thì in chỗ trống để viết tay"),
    L.L_NGAY_TO_TRINH: ("Không bắt buộc. Ngày ký các tờ trình, ngày/tháng/năm, vd. 01/12/2025 (trước Ngày ban "
                        "hành); quyết định ghi “Tờ trình số … ngày …”"),
}

RULE_WORDS = {
    "id": "mã bộ tiêu chí", "version": "phiên bản", "ten": "tên", "ban_hanh": "ngày ban hành",
    "ghi_chu": "ghi chú", **RULE_SET_PARTS,
    "nguon": "văn bản nguồn", "van_ban": "số văn bản", "ngay": "ngày", "co_quan": "cơ quan ban hành",
    "trich_yeu": "trích yếu", "loai": "loại nguồn", "so_chi_so": "số chỉ số",
    "diem_toi_thieu": "điểm tối thiểu", "diem_toi_da": "điểm tối đa",
    "nguong": "ngưỡng tổng điểm để được công nhận",
    "nguong_vung_kho_khan": "ngưỡng tổng điểm ở vùng khó khăn",
    "diem_chi_so_toi_thieu": "điểm tối thiểu của mỗi chỉ số",
    "so_nam_tieu_bieu": "số năm liền để là tiêu biểu xuất sắc", "nhom": "nhóm", "nang_luc": "năng lực",
    "chi_so": "chỉ số", "danh_hieu": "danh hiệu", "tieu_chi": "Tiêu chí", "ma": "mã",
    "ty_le_ho_gdht_toi_thieu": "tỷ lệ hộ đạt Gia đình học tập tối thiểu", "chi_tieu": "chỉ tiêu",
    "noi_dung": "nội dung", "hieu_luc_thang": "thời hạn công nhận (tháng)", "#": "số mục",
}

REPORT_SECTIONS = ("I. Công tác lãnh đạo, chỉ đạo, tuyên truyền", "III. Ưu điểm", "III. Hạn chế",
                   "III. Nguyên nhân", "IV. Phương hướng", "V. Đề xuất, kiến nghị", "Nơi nhận")


def describe_key(key: str) -> str:
    """``gia_dinh.tieu_chi.2.diem_toi_da`` → ``Gia đình học tập — Tiêu chí 2 — điểm tối đa``."""
    parts: list[str] = []
    for seg in key.split("."):
        if seg.isdigit() and parts:
            parts[-1] = f"{parts[-1]} {seg}"
        else:
            parts.append(RULE_WORDS.get(seg, seg))
    return " — ".join(parts)


def text_lines(text: str, width: float) -> int:
    """Rough number of wrapped lines of ``text`` in a column ``width`` characters wide (Times New
    Roman is narrower than the width unit's digit, hence the factor)."""
    return max(1, sum(math.ceil(max(len(part), 1) / max(width * 1.2, 1)) for part in text.split("\n")))


def row_height(*cells: tuple[str, float]) -> float:
    """Row height (points) fitting every (text, column width) pair of the row."""
    return 15 * max(text_lines(text, width) for text, width in cells) + 3


def column_width(header: str) -> float:
    """Width of a table column, by its header."""
    if header in COL_WIDTHS:
        return COL_WIDTHS[header]
    if header.startswith(("Chỉ số", "Tiêu chí")):
        return 8
    return max(10, min(24, len(header) * 0.9))


def criterion(rules: RuleSet, key: str, header: str) -> Any:
    """The criterion of a ``Tiêu chí N`` column of a model table."""
    return rules.criteria(key).tieu_chi[int(header.split()[-1]) - 1]


def column_comment(rules: RuleSet, key: str, header: str) -> str:
    """The comment on a header cell: what to type into the column ("" for none)."""
    if header.startswith("Chỉ số"):
        k = int(header.split()[-1])
        cd = rules.cong_dan
        group = next((c.ten for c in cd.nang_luc if k in c.chi_so), "")
        return (f"{header} — {group}. Chấm số nguyên {cd.diem_toi_thieu}-{cd.diem_toi_da}; dưới "
                f"{cd.diem_chi_so_toi_thieu} là chưa đạt.")
    if header.startswith("Tiêu chí") and key in L.CRITERIA_MODELS:
        c = criterion(rules, key, header)
        return f"{c.ma} {c.ten} — tối đa {c.diem_toi_da} điểm, tối thiểu {c.diem_toi_thieu}"
    if header == "Nhóm":
        return "; ".join(f"{k}: {v}" for k, v in sorted(rules.cong_dan.nhom.items()))
    return COMMENTS.get(header, "")


def table_guidance(rules: RuleSet, key: str) -> str:
    """The guidance line under a table sheet's title."""
    if key == "thon":
        return ("Mỗi thôn/bản/tổ dân phố một dòng. Các tổng số là mẫu số của tỷ lệ; tên thôn ở đây là danh sách "
                "chọn của các sheet khác.")
    if key == "cap_xa":
        return (f"15 chỉ tiêu theo {rules.cap_xa.nguon.citation()}: chọn Có/Không cho mức 1 và mức 2, ghi "
                "minh chứng. Nội dung chỉ tiêu sửa được theo văn bản.")
    if key == "cong_dan":
        return "Mỗi người một dòng. Người của đơn vị ghi Đơn vị công tác; người ở thôn để trống cột đó."
    crit = rules.criteria(key)
    who = {"gia_dinh": "Mỗi hộ một dòng", "dong_ho": "Mỗi dòng họ một dòng", "cong_dong": "Mỗi thôn/TDP một dòng",
           "don_vi": "Mỗi cơ quan, trường học, doanh nghiệp một dòng"}[key]
    rule = f"đạt khi tổng ≥ {crit.nguong:g} điểm và mỗi tiêu chí không dưới mức tối thiểu"
    if crit.ty_le_ho_gdht_toi_thieu:
        rule += f", và ≥ {crit.ty_le_ho_gdht_toi_thieu * 100:g} % số hộ đạt Gia đình học tập"
    return f"{who}; {rule}. Cột xám bên phải tự tính."


def rule_lines(rules: RuleSet) -> list[str]:
    """One line per model: what it takes to be recognised under this rule set."""
    cd = rules.cong_dan
    out = [f"Công dân học tập: tổng ≥ {cd.nguong:g} điểm (vùng khó khăn ≥ {cd.nguong_vung_kho_khan:g}), không chỉ "
           f"số nào dưới {cd.diem_chi_so_toi_thieu}; đạt {cd.so_nam_tieu_bieu} năm liền là \u201ctiêu biểu xuất "
           "sắc\u201d."]
    for key in ("gia_dinh", "dong_ho", "cong_dong", "don_vi"):
        c = rules.criteria(key)
        mins = ", ".join(f"{t.ma} ≥ {t.diem_toi_thieu}" for t in c.tieu_chi)
        line = f"{RULE_SET_PARTS[key]}: tổng ≥ {c.nguong:g}/{c.max_total} điểm, {mins}"
        if c.ty_le_ho_gdht_toi_thieu:
            line += f"; ≥ {c.ty_le_ho_gdht_toi_thieu * 100:g} % số hộ đạt Gia đình học tập"
        out.append(line + ".")
    n = len(rules.cap_xa.chi_tieu)
    out.append(f"CĐHT cấp xã: Mức độ 1 khi cả {n} chỉ tiêu đạt mức 1; Mức độ 2 khi cả {n} chỉ tiêu đạt mức 1 và "
               "mức 2.")
    return out


def guide_lines(rules: RuleSet) -> list[tuple[str, str]]:
    """The ``Hướng dẫn`` sheet's lines as (format name, text)."""
    return [
        ("title", "SỔ THEO DÕI XÂY DỰNG XÃ HỘI HỌC TẬP CẤP XÃ — HƯỚNG DẪN"),
        ("text", "Mỗi xã dùng một sổ cho mỗi năm đánh giá: danh sách đăng ký, điểm thẩm định, kết quả công nhận, "
                 "tỷ lệ so với chỉ tiêu, báo cáo và quyết định. Chỉ gõ vào ô trắng; cột xám là kết quả tự tính."),
        ("bold", "Các bước"),
        ("text", f"1. {L.THONG_TIN}: tên tỉnh, xã, mã đơn vị hành chính, năm đánh giá, vùng khó khăn, người ký, "
                 "số văn bản; nếu có: kế hoạch của tỉnh và của xã (in ở Căn cứ), Chủ tịch Hội Khuyến học (ký tờ "
                 "trình), số và ngày tờ trình."),
        ("text", f"2. {L.THON}: mỗi thôn, bản, tổ dân phố một dòng với tổng số hộ, số dòng họ, số người lao động "
                 "(mẫu số của tỷ lệ)."),
        ("text", f"3. {L.CONG_DAN}, {L.GIA_DINH}, {L.DONG_HO}, {L.CONG_DONG}, {L.DON_VI}: mỗi người, mỗi hộ, "
                 "mỗi dòng họ, mỗi thôn, mỗi đơn vị một dòng, điểm theo biên bản thẩm định; "
                 f"{L.CAP_XA}: chọn Có/Không cho từng chỉ tiêu. Không bắt buộc: {L.GIOI_TINH_CHU_HO} (ghi ông/bà "
                 f"trên giấy công nhận gia đình), {L.CAP_QUAN_LY} của đơn vị (xã chỉ công nhận cán bộ của đơn vị "
                 "xã quản lý)."),
        ("text", "4. Kết quả tự tính ngay khi gõ, bằng công thức của sổ (cả khi máy chưa cài hoctap-xl); lệnh "
                 "hoctap-xl results với tệp sổ này cho cùng kết quả."),
        ("text", "5. Kiểm tra dữ liệu (nút bấm, hoặc lệnh hoctap-xl check): mỗi lỗi nêu sheet, ô và cách sửa."),
        ("text", "6. Tạo báo cáo: báo cáo kết quả, quyết định công nhận và danh sách kèm theo (Word)."),
        ("text", "7. Xuất bản gửi cấp trên: gửi tệp sổ này (giữ nguyên tên sheet và tiêu đề cột)."),
        ("text", "8. Tách theo thôn: mỗi thôn một tệp để chi hội nhập điểm; nhận về rồi gộp bằng lệnh hoctap-xl "
                 "merge (sổ phải đóng khi gộp)."),
        ("text", "9. Sang năm mới: sổ năm sau cạnh sổ này, giữ mọi danh sách, cộng số năm liên tục cho người đạt "
                 "(hoặc lệnh hoctap-xl next-year)."),
        ("bold", "Khi máy chưa cài hoctap-xl (add-in)"),
        ("text", "Vẫn dùng được: nhập liệu, danh sách thả xuống, kết quả, tỷ lệ và chỉ tiêu tự tính bằng công thức "
                 "thường (Excel 2010 trở lên, LibreOffice Calc). Ô nào công thức không tính được như chương trình "
                 f"ghi \u201c{CHECK_WITH_HOCTAP}\u201d."),
        ("text", "Cần add-in (đã cài hoctap-xl và bấm Kích hoạt): các nút Kiểm tra dữ liệu (danh sách lỗi, cách "
                 "sửa), Tạo báo cáo, Xuất bản gửi cấp trên, Tách theo thôn, Sang năm mới, và nút Tổng hợp của cấp "
                 "trên. Máy không cài được: chạy các lệnh hoctap-xl ở máy khác."),
        ("text", "Ô kết quả hiện chữ \u201c#LỖI …\u201d hoặc một câu báo lỗi dài: add-in trên máy này hỏng; bấm "
                 "Kiểm tra cài đặt. Công thức thường không thay được chữ đó."),
        ("bold", f"Quy tắc công nhận (theo sheet {L.BO_TIEU_CHI}, {rules.label})"),
        *(("text", line) for line in rule_lines(rules)),
        ("bold", "Cách nhập"),
        ("text", "Dòng trống được bỏ qua, ở đâu cũng được; một dòng có ô nào đã điền là một dòng dữ liệu."),
        ("text", "Có/Không chọn trong danh sách (x, TRUE, 1 cũng hiểu là Có; trống là Không). Tên thôn, đơn vị, "
                 "dòng họ chọn trong danh sách thả xuống cho khớp tên."),
        ("text", "Điểm là số nguyên (8,0 vẫn hiểu là 8). Chỉ tiêu gõ 70% hoặc 0,7. Ngày gõ ngày/tháng/năm "
                 "(05/01/2026 là 5 tháng 1). Số văn bản gõ 5, 05 hoặc 05/QĐ-UBND."),
        ("text", "Sheet có khóa không mật khẩu để tránh sửa nhầm công thức: Review › Unprotect Sheet để mở."),
    ]
