"""The Word templates as data: each file of ``templates/docx/`` with what it writes, and the
variables a template may use (with their meaning, and those a substituted template must keep).
Every list of templates — the plans, the template builder, ``check-template``, the reference page
``templates/docx/README.md`` — reads it from here."""

from __future__ import annotations

from typing import NamedTuple


class Template(NamedTuple):
    """What one template writes: the output file's name pattern and what the document is."""

    writes: str
    about: str


REPORT = "bao-cao.docx"
DECISION = "quyet-dinh.docx"
PROPOSAL = "to-trinh.docx"
CERTIFICATES = "giay-cong-nhan.docx"
DISTRICT_REPORT = "bao-cao-tong-hop.docx"
TEMPLATES: dict[str, Template] = {
    REPORT: Template("bao-cao-<năm>.docx", "báo cáo kết quả năm của xã (mục I–V, bảng theo thôn, biểu đồ)"),
    DECISION: Template("quyet-dinh-<mô-hình>-<năm>.docx",
                       "quyết định công nhận kèm danh sách (mô hình có người đạt)"),
    PROPOSAL: Template("to-trinh-<mô-hình>-<năm>.docx", "tờ trình đề nghị công nhận của Hội Khuyến học xã"),
    CERTIFICATES: Template("giay-cong-nhan-<mô-hình>-<năm>.docx",
                           "giấy công nhận, mỗi trang một người/hộ/đơn vị"),
    DISTRICT_REPORT: Template("bao-cao-tong-hop-<năm>.docx", "báo cáo của cấp trên (lệnh `aggregate`)"),
}
"""Template file in ``templates/docx/`` → what it writes."""
TEMPLATE_FILES = tuple(TEMPLATES)
"""The template files, in the reference page's order."""

_ROW = "mỗi dòng có r.stt, r.ten, r.noi, r.them, r.diem, r.ghi_chu (chuỗi đã định dạng)"
VARIABLES: dict[str, str] = {
    # header, every document
    "co_quan_cha": "cơ quan chủ quản, in hoa không đậm (trống với UBND), vd. HỘI KHUYẾN HỌC TỈNH LẠNG SƠN",
    "co_quan_1": "dòng 1 tên cơ quan ban hành, in hoa đậm, vd. ỦY BAN NHÂN DÂN",
    "co_quan_2": "dòng 2 tên cơ quan ban hành, in hoa đậm, vd. XÃ TÂN VĂN",
    "so_ky_hieu": "số, ký hiệu, vd. \u201cSố: 05/QĐ-UBND\u201d (để trống chỗ viết tay khi sổ chưa có số)",
    "dia_danh_ngay": "địa danh, ngày tháng, vd. \u201cTân Văn, ngày 05 tháng 01 năm 2026\u201d",
    "du_thao": "\u201cDỰ THẢO\u201d khi chạy với --force, chuỗi rỗng khi không",
    "xa": "tên đầy đủ, chữ thường đầu: \u201cxã Tân Văn\u201d", "ten_xa": "tên riêng: \u201cTân Văn\u201d",
    "tinh": "tỉnh/thành phố", "nam": "năm đánh giá, vd. 2025", "nam_sau": "năm sau, vd. 2026",
    "trich_yeu": "trích yếu dưới tên loại văn bản", "kinh_gui": "nơi nhận ở dòng Kính gửi",
    # signature
    "tham_quyen": "danh sách dòng thẩm quyền ký, vd. [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]",
    "chuc_vu": "chức vụ người ký, in hoa, vd. PHÓ CHỦ TỊCH", "nguoi_ky": "họ tên người ký",
    "noi_nhan": "danh sách dòng Nơi nhận, đã có \u201c- \u201d đầu dòng, \u201c;\u201d và \u201c.\u201d cuối",
    # report
    "thuc_hien": "danh sách dòng \u201cThực hiện …;\u201d (văn bản chương trình)",
    "mo_dau": "câu mở đầu", "lanh_dao": "mục I: danh sách đoạn",
    "muc": "mục II.1-3: danh sách {tieu_de, doan (đoạn), cot_tong, dong}; dong có r.ten, r.tong_so, r.dang_ky, "
           "r.dat, r.ty_le, r.chi_tieu, r.danh_gia, r.chenh_lech, r.dam (\u201c1\u201d ở dòng toàn xã)",
    "muc_khac": "mục II.4-7: danh sách {tieu_de, doan}",
    "ty_le": "7 tỷ lệ: r.ma, r.ten, r.so_dat, r.tong_so, r.ty_le, r.chi_tieu, r.danh_gia, r.chenh_lech; có "
             "r.nam_truoc, r.thay_doi khi chạy với --nam-truoc",
    "co_nam_truoc": "đúng khi có số liệu năm trước (--nam-truoc)",
    "bieu_do": "biểu đồ tỷ lệ so với chỉ tiêu (ảnh)",
    "uu_diem": "mục III.1: danh sách đoạn", "han_che": "mục III.2: danh sách đoạn",
    "nguyen_nhan": "mục III.3: danh sách đoạn", "phuong_huong": "mục IV: danh sách đoạn",
    "chi_tieu_nam_sau": "chỉ tiêu năm sau: r.ten, r.chi_tieu", "de_xuat": "mục V: danh sách đoạn",
    # lists, decisions, tờ trình
    "danh_hieu": "danh hiệu, vd. Gia đình học tập", "mo_hinh": "mã mô hình: cong_dan, gia_dinh, …",
    "so_luong": "số được công nhận, đã định dạng (1.385)", "doi_tuong": "vd. gia đình, công dân",
    "danh_sach": f"danh sách kèm theo: {_ROW}",
    "cot_ten": "tiêu đề cột tên", "cot_noi": "tiêu đề cột nơi (thôn, đơn vị…)", "cot_them": "tiêu đề cột thêm",
    "cot_diem": "tiêu đề cột điểm", "danh_sach_tieu_de": "dòng tiêu đề dưới DANH SÁCH",
    "kem_theo": "dòng \u201c(Kèm theo Quyết định số … ngày … của …)\u201d",
    "tham_quyen_ban_hanh": "dòng thẩm quyền ban hành dưới trích yếu, vd. ỦY BAN NHÂN DÂN XÃ TÂN VĂN",
    "can_cu": "danh sách dòng Căn cứ, đã có \u201c;\u201d và \u201c.\u201d cuối",
    "xet": "dòng \u201cXét đề nghị của …\u201d", "dieu": "danh sách điều: d.so (\u201cĐiều 1.\u201d), d.noi_dung",
    "tieu_bieu": f"danh sách Công dân học tập tiêu biểu xuất sắc (rỗng nếu không có): {_ROW}",
    "tieu_bieu_tieu_de": "tiêu đề danh sách tiêu biểu xuất sắc", "de_nghi": "đoạn đề nghị của tờ trình",
    # certificates
    "giay": "mỗi giấy một trang: g.ten, g.dong_2, g.danh_hieu, g.tieu_bieu",
    "theo_qd": "dòng \u201c(Theo Quyết định số … ngày … của …)\u201d", "nam_danh_hieu": "vd. Năm 2025",
    # the level above (aggregation)
    "tong_quan": "mục II: danh sách đoạn tổng quan",
    "xa_phuong": "mỗi xã một dòng: r.stt, r.xa, r.gia_dinh, r.dong_ho, r.cong_dong, r.don_vi, "
                 "r.cong_dan_cong_dong, r.cong_dan_don_vi, r.ky_nang_so, r.dat_chi_tieu, r.dam",
    "chua_hop_le": "danh sách xã chưa gửi hoặc sổ chưa hợp lệ (đoạn)",
}
"""The variables templates may use, with their meaning (the reference page and ``check-template`` read this)."""
ESSENTIAL: dict[str, tuple[str, ...]] = {
    REPORT: ("so_ky_hieu", "dia_danh_ngay", "ty_le", "tham_quyen", "chuc_vu", "nguoi_ky"),
    DECISION: ("so_ky_hieu", "dia_danh_ngay", "danh_sach", "dieu", "can_cu", "tham_quyen", "chuc_vu", "nguoi_ky",
               "tieu_bieu"),
    PROPOSAL: ("danh_sach", "de_nghi"),
    CERTIFICATES: ("giay",),
    DISTRICT_REPORT: ("xa_phuong", "chua_hop_le", "tham_quyen", "chuc_vu", "nguoi_ky"),
}
"""Variables without which a substituted template would print a wrong or incomplete document."""
