"""The five models as the documents name them: file slugs, sheets, the words for what is counted,
the annex columns and the short labels of charts and sentences. Data only, shared by every plan."""

from __future__ import annotations

MODEL_SLUGS = {"cong_dan": "cong-dan", "gia_dinh": "gia-dinh", "dong_ho": "dong-ho", "cong_dong": "cong-dong",
               "don_vi": "don-vi"}
"""Model → the slug in output file names (``quyet-dinh-gia-dinh-2025.docx``); also the models' order."""
"""Model → its sheet, whose ``lỗi`` make that model's documents wrong."""
COUNTED = {"cong_dan": "công dân", "gia_dinh": "gia đình", "dong_ho": "dòng họ", "cong_dong": "thôn, tổ dân phố",
           "don_vi": "cơ quan, trường học, doanh nghiệp"}
"""Model → the words for what a decision recognises (``1.385 gia đình``)."""
COLUMNS = {"cong_dan": ("Họ và tên", "Thôn/TDP, đơn vị", "Nhóm", "Tổng điểm"),
           "gia_dinh": ("Họ tên chủ hộ", "Thôn/TDP", "Dòng họ", "Tổng điểm"),
           "dong_ho": ("Tên dòng họ", "Thôn/TDP", "Trưởng họ", "Tổng điểm"),
           "cong_dong": ("Thôn/TDP", "Số hộ", "Số hộ đạt GĐHT", "Tổng điểm"),
           "don_vi": ("Tên đơn vị", "Loại đơn vị", "Số CBCCVC, NLĐ", "Tổng điểm")}
"""Annex columns after STT: name, place, one more fact, total score (then Ghi chú)."""
SHARE_MODEL = {"GIA_DINH": "gia_dinh", "DONG_HO": "dong_ho", "CONG_DONG": "cong_dong", "DON_VI": "don_vi"}
"""Share code → the model whose entries it counts (the citizens' shares have none)."""
SHORT_LABELS = {"GIA_DINH": "Gia đình học tập", "DONG_HO": "Dòng họ học tập", "CONG_DONG": "Cộng đồng học tập",
                "DON_VI": "Đơn vị học tập", "CONG_DAN_CONG_DONG": "Công dân học tập (cộng đồng)",
                "CONG_DAN_DON_VI": "Công dân học tập (đơn vị)", "KY_NANG_SO": "Công dân học tập có kỹ năng số"}
"""Chart labels and lists of shares in sentences; documents never abbreviate the models."""
