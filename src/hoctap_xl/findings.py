"""Findings: what is wrong or worth a look in a workbook, as data.

A finding has a stable kebab-case code, a level (``lỗi`` makes ``check``/``results`` exit 1,
``cảnh báo`` does not), a location (file, sheet, cell) and a Vietnamese message. Every code
used anywhere must be in :data:`CODES` (a test enforces it, and docs/findings.md lists them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["lỗi", "cảnh báo"]
LOI: Level = "lỗi"
CANH_BAO: Level = "cảnh báo"


@dataclass(frozen=True)
class Code:
    """What one finding code means: its level, title, effect on counting, fix and message template."""

    level: Level
    title: str
    effect: str
    fix: str
    message: str
    """The message a person reads, as a :meth:`str.format` template filled by :func:`finding` (one
    template per code, frictionless' idea); fields are named after what they hold."""


CODES: dict[str, Code] = {
    # scores
    "diem-ngoai-khoang": Code(LOI, "Điểm ngoài khoảng cho phép", "dòng vẫn được tính, không được công nhận",
                              "Sửa điểm về trong khoảng (Chỉ số: 1-10; Tiêu chí: 0 đến điểm tối đa).",
                              message="{header} = {score} ngoài khoảng {low}–{high}."),
    "diem-khong-nguyen": Code(LOI, "Điểm không phải số nguyên", "dòng vẫn được tính, không được công nhận",
                              "Điểm chấm theo số nguyên: sửa 7,5 thành 7 hoặc 8 theo biên bản thẩm định.",
                              message="{header} = {typed} không phải số nguyên."),
    "diem-khong-phai-so": Code(LOI, "Điểm là chữ, không phải số", "dòng vẫn được tính, không được công nhận",
                               "Gõ điểm bằng chữ số (vd. 8), không gõ chữ.",
                               message="{header}: {problem}."),
    "diem-trong": Code(LOI, "Thiếu điểm trong khi các ô điểm khác đã nhập",
                       "dòng vẫn được tính, không được công nhận", "Nhập đủ điểm cho mọi chỉ số/tiêu chí.",
                       message="{header} đang để trống trong khi các điểm khác đã nhập."),
    "chua-danh-gia": Code(CANH_BAO, "Đã đăng ký, chưa chấm điểm", "dòng vẫn được tính, không được công nhận",
                          "Nhập điểm khi chi hội thẩm định xong; để trống nếu chưa đánh giá.",
                          message="\u201c{name}\u201d đã đăng ký nhưng chưa chấm điểm."),
    "nhom-khong-hop-le": Code(LOI, "Nhóm không phải 1, 2 hoặc 3", "dòng vẫn được tính, không được công nhận",
                              "Chọn Nhóm 1 (nông dân), 2 (công nhân, lao động tự do) hoặc 3 (CBCCVC).",
                              message="Nhóm \u201c{typed}\u201d không phải 1, 2 hoặc 3."),
    "so-nam-khong-hop-le": Code(LOI, "Số năm liên tục đã đạt không hợp lệ", "tính như 0 năm",
                                "Gõ số nguyên từ 0 (số năm liên tục đạt trước năm nay).",
                                message="Số năm liên tục đã đạt \u201c{typed}\u201d không hợp lệ; tính như 0."),
    "co-khong-khong-hop-le": Code(LOI, "Ô Có/Không có giá trị khác", "tính như Không",
                                  "Chọn Có hoặc Không trong danh sách thả xuống.",
                                  message="{header}: {problem}; tính như Không."),
    "nam-sinh-khong-hop-le": Code(CANH_BAO, "Năm sinh không hợp lệ", "không ảnh hưởng kết quả",
                                  "Gõ năm sinh 4 chữ số, vd. 1985.",
                                  message="Năm sinh \u201c{typed}\u201d không hợp lệ."),
    # references and names
    "thon-khong-co": Code(LOI, "Thôn/TDP không có trong sheet Thôn - TDP",
                          "dòng bị loại (không tính vào đâu)",
                          "Chọn tên thôn trong danh sách thả xuống, hoặc thêm thôn vào sheet Thôn - TDP.",
                          message="Thôn/TDP \u201c{name}\u201d không có trong sheet {list_sheet}; dòng bị loại."),
    "don-vi-khong-co": Code(LOI, "Đơn vị công tác không có trong sheet Đơn vị học tập",
                            "dòng bị loại (không tính vào đâu)",
                            "Chọn đơn vị trong danh sách, hoặc thêm đơn vị vào sheet Đơn vị học tập.",
                            message="Đơn vị công tác \u201c{name}\u201d không có trong sheet {list_sheet}; dòng bị "
                                    "loại."),
    "dong-ho-khong-co": Code(LOI, "Dòng họ không có trong sheet Dòng họ học tập",
                             "hộ vẫn được tính cho gia đình học tập, không tính cho dòng họ",
                             "Chọn dòng họ trong danh sách, hoặc thêm dòng họ vào sheet Dòng họ học tập.",
                             message="Dòng họ \u201c{name}\u201d không có trong sheet {list_sheet}; hộ vẫn được "
                                     "tính cho gia đình học tập."),
    "thieu-thon": Code(LOI, "Chưa ghi thôn/TDP (hoặc đơn vị công tác)", "dòng bị loại (không tính vào đâu)",
                       "Ghi thôn/TDP nơi cư trú, hoặc đơn vị công tác với cán bộ, người lao động.",
                       message="Chưa ghi Thôn/TDP{alternative}; dòng bị loại."),
    "thieu-ten": Code(LOI, "Thiếu tên trong khi dòng đã có dữ liệu", "dòng bị loại (không tính vào đâu)",
                      "Ghi họ tên (tên hộ, tên dòng họ, tên thôn, tên đơn vị) cho dòng này.",
                      message="Dòng{row_no} có {filled} nhưng {missing}; {effect}."),
    "trung-nguoi": Code(CANH_BAO, "Một người có hai dòng (cùng họ tên, năm sinh, thôn/đơn vị)",
                        "cả hai dòng đều được tính", "Xóa dòng thừa nếu là một người; nếu là hai người, ghi chú rõ.",
                        message="\u201c{name}\u201d ({born}) trùng với dòng {first_row}; cả hai dòng đều được tính."),
    "trung-ho": Code(CANH_BAO, "Một hộ có hai dòng (cùng chủ hộ, thôn)", "cả hai dòng đều được tính",
                     "Xóa dòng thừa nếu là một hộ.",
                     message="Hộ \u201c{name}\u201d trùng với dòng {first_row}; cả hai dòng đều được tính."),
    "trung-ten": Code(LOI, "Tên thôn, dòng họ hoặc đơn vị bị lặp trong sheet của nó",
                      "dòng sau bị loại", "Mỗi thôn, dòng họ, đơn vị chỉ ghi một dòng; xóa dòng lặp.",
                      message="{kind} \u201c{name}\u201d đã có ở dòng {first_row}; dòng này bị loại."),
    # denominators and shares
    "mau-so-khong-hop-le": Code(LOI, "Mẫu số (tổng số hộ, dòng họ, người lao động, CBCCVC) trống, âm hoặc "
                                "không phải số",
                                "tỷ lệ tính với các số còn lại",
                                "Gõ số nguyên không âm theo số liệu thống kê của thôn/đơn vị.",
                                message="{header} ({what}){problem}."),
    "vuot-mau-so": Code(LOI, "Số được công nhận lớn hơn tổng số", "tỷ lệ vẫn tính như số liệu đã nhập",
                        "Kiểm tra lại tổng số (mẫu số) hoặc danh sách công nhận.",
                        message="{subject} {got} {what}, nhiều hơn {total}{after}."),
    "chua-co-thon": Code(CANH_BAO, "Chưa có thôn/TDP nào", "các tỷ lệ theo thôn chưa tính được",
                         "Nhập danh sách thôn/TDP và các tổng số ở sheet Thôn - TDP.",
                         message="Chưa có thôn/TDP nào trong sheet; các tỷ lệ chưa tính được."),
    # structure, information and targets
    "thieu-sheet": Code(LOI, "Thiếu sheet bắt buộc (bị đổi tên hoặc xóa)", "bảng đó không được đọc",
                        "Đổi lại đúng tên sheet, hoặc chép dữ liệu sang sổ mẫu mới (hoctap-xl new-workbook).",
                        message="Không có sheet \u201c{name}\u201d (bị đổi tên hoặc xóa){effect}."),
    "sai-tieu-de": Code(LOI, "Tiêu đề cột bị sửa hoặc thiếu", "bảng đó không được đọc",
                        "Sửa lại tiêu đề cột đúng như sổ mẫu (không thêm bớt chữ).",
                        message="{problem}; bảng này không được đọc."),
    "thieu-thong-tin": Code(LOI, "Thiếu thông tin chung bắt buộc", "không tính được phần phụ thuộc",
                            "Điền ô còn trống ở sheet Thông tin chung.",
                            message="{absent} {what}."),
    "van-ban-thieu-gioi-tinh": Code(CANH_BAO, "Giấy công nhận không ghi được Ông/Bà", "giấy chỉ ghi họ tên",
                                    "Chọn Nam hoặc Nữ ở cột Giới tính của dòng đó rồi tạo lại văn bản.",
                                    message="Giấy công nhận của {name} chỉ ghi họ tên (không Ông/Bà): Giới tính "
                                            "của dòng {row} đang trống hoặc không phải Nam/Nữ."),
    "van-ban-thieu-thong-tin": Code(LOI, "Văn bản thiếu người ký, chức vụ, thẩm quyền ký, tên xã hoặc năm",
                                    "không tạo văn bản (trừ bản DỰ THẢO với --force)",
                                    "Điền ô còn trống ở sheet Thông tin chung.",
                                    message="Văn bản cần {what}: ô \u201c{label}\u201d đang trống."),
    "gioi-tinh-khong-hop-le": Code(CANH_BAO, "Giới tính không đọc được", "giấy công nhận không ghi Ông/Bà",
                                   "Chọn Nam hoặc Nữ trong danh sách thả xuống.",
                                   message="{header}: {problem}; giấy công nhận sẽ không ghi Ông hoặc Bà."),
    "cap-quan-ly-khong-hop-le": Code(CANH_BAO, "Cấp quản lý đơn vị không đọc được",
                                     "đơn vị vẫn được tính; cán bộ của đơn vị không vào quyết định của xã",
                                     "Chọn xã, tỉnh, trung ương hoặc doanh nghiệp trong danh sách thả xuống.",
                                     message="{header}: {problem}; coi như chưa rõ cấp quản lý."),
    "thong-tin-khong-hop-le": Code(LOI, "Thông tin chung không đọc được", "bỏ qua giá trị đó",
                                   "Sửa theo hướng dẫn ở cột C của sheet Thông tin chung.",
                                   message="{label}: {problem}."),
    "chi-tieu-khong-hop-le": Code(LOI, "Chỉ tiêu không đọc được", "chỉ tiêu năm đó bỏ trống",
                                  "Gõ chỉ tiêu dạng 70 %, 70 hoặc 0,7.",
                                  message="{share} năm {year}: {problem}."),
    "ma-chi-tieu-la": Code(CANH_BAO, "Mã chỉ tiêu không có trong danh sách", "dòng bị bỏ qua",
                           "Dùng đúng mã: GIA_DINH, DONG_HO, CONG_DONG, DON_VI, CONG_DAN_CONG_DONG, "
                           "CONG_DAN_DON_VI, KY_NANG_SO.",
                           message="Mã \u201c{typed}\u201d không phải mã chỉ tiêu; dòng bị bỏ qua."),
    "bo-tieu-chi-bi-sua": Code(LOI, "Bộ tiêu chí trong sổ đã bị sửa (không khớp mã băm)",
                               "vẫn tính theo bản trong sổ, có đánh dấu",
                               "Tạo sổ mới với bộ tiêu chí đúng, hoặc hỏi cấp trên về bản bộ tiêu chí.",
                               message="Bộ tiêu chí {label} trong sổ khác với bản đã ghi khi tạo sổ (mã băm "
                                       "{digest} ≠ {recorded}); kết quả tính theo bản trong sổ."),
    "bo-tieu-chi-khong-doc-duoc": Code(LOI, "Bộ tiêu chí trong sổ không đọc được",
                                       "tính theo bộ tiêu chí cùng mã có sẵn trong chương trình",
                                       "Không sửa sheet Bộ tiêu chí; tạo sổ mới nếu cần.",
                                       message="Không đọc được bộ tiêu chí trong sổ ({problem}); tính theo bộ tiêu chí "
                                               "{label} có sẵn trong chương trình."),
    "cau-truc-khac": Code(CANH_BAO, "Cấu trúc sổ khác với khi tạo (sheet hoặc tiêu đề đã đổi)",
                          "vẫn đọc những bảng còn nhận ra", "Đối chiếu với sổ mẫu; không đổi tên sheet và tiêu đề.",
                          message="Tên sheet, thứ tự sheet hoặc tiêu đề cột đã khác so với khi tạo sổ."),
    "ban-mau-cu": Code(CANH_BAO, "Sổ tạo bằng phiên bản mẫu cũ hơn", "vẫn đọc được",
                       "Nâng cấp sổ lên mẫu mới, giữ mọi dữ liệu: hoctap-xl upgrade SO_CU.xlsm SO_MOI.xlsm.",
                       message="Sổ làm bằng mẫu phiên bản {version} (hiện tại {current}); nâng cấp, giữ mọi dữ liệu: "
                               'hoctap-xl upgrade "{name}" "{stem}-moi.xlsm".'),
    "mat-macro": Code(CANH_BAO, "Sổ đã lưu dạng không có macro (.xlsx/.xls/.xlsb/.ods)",
                      "dữ liệu vẫn đọc được; mất các nút bấm",
                      "Dùng bản .xlsm gốc để có các nút Kiểm tra, Tính lại, Tạo báo cáo.",
                      message="Sổ được lưu dạng {suffix}: dữ liệu vẫn đọc được nhưng mất các nút bấm."),
    "sai-duoi-tep": Code(CANH_BAO, "Đuôi tên tệp không đúng với dạng thật của tệp (vd. tệp .xls đổi tên thành .xlsm)",
                         "tệp vẫn được đọc, theo dạng thật của nó",
                         "Đổi đuôi tên tệp cho đúng dạng thật, hoặc mở bằng Excel rồi Lưu thành (Save As) dạng .xlsm.",
                         message="Tên tệp {name} {suffix_text} nhưng tệp thực ra là {real_label}: đã đọc theo dạng "
                                 "thật. Excel có thể không mở được tệp với tên này; hãy đổi đuôi thành {real}, "
                                 "hoặc mở bằng Excel rồi Lưu thành (Save As) dạng .xlsm."),
    "ngoai-vung-cong-thuc": Code(CANH_BAO, "Dòng nằm dưới vùng có công thức kết quả của mẫu",
                                 "vẫn được tính; Excel không hiện kết quả cho các dòng đó",
                                 "Tách thành sổ khác hoặc dùng lệnh hoctap-xl (không giới hạn số dòng).",
                                 message="{count} dòng (từ dòng {first_row}) nằm dưới vùng có công thức kết quả "
                                         "({capacity} dòng) của sheet {table}: hoctap-xl vẫn tính, nhưng Excel "
                                         "không hiện kết quả cho các dòng này."),
    "o-ngoai-bang": Code(CANH_BAO, "Có dữ liệu ở cột quá xa, ngoài mọi bảng của sổ", "các ô đó không được đọc",
                         "Xóa các ô đó (Ctrl+End cho thấy ô cuối cùng có dữ liệu).",
                         message="Sheet \u201c{sheet_name}\u201d có {count} ô có dữ liệu ở sau cột {last_column} "
                                 "(đầu tiên {first}), ngoài mọi bảng của sổ: không đọc."),
    "o-xa-bang": Code(CANH_BAO, "Có dữ liệu ở dòng quá xa, dưới rất nhiều dòng trống, ngoài mọi bảng của sổ",
                      "các ô đó không được đọc",
                      "Xóa các ô đó (Ctrl+End cho thấy ô cuối cùng có dữ liệu); nếu đó là dữ liệu thật, chuyển lên "
                      "ngay dưới bảng.",
                      message="Sheet \u201c{sheet_name}\u201d có {count} ô có dữ liệu ở dưới dòng {last_row}, sau từ "
                              "{gap} dòng trống trở lên (đầu tiên {first}), ngoài mọi bảng của sổ: không đọc."),
    "bang-ma-cu": Code(CANH_BAO, "Chữ gõ bằng bảng mã cũ TCVN3 (.VnTime) hoặc VNI (VNI-Times), không phải Unicode",
                       "đã đọc chuyển sang Unicode để tính; sổ không bị sửa",
                       "Ghi sổ sang Unicode: hoctap-xl upgrade SO.xlsm SO_MOI.xlsm --unicode (hoặc Unikey: Công "
                       "cụ chuyển mã), rồi đổi phông chữ sang Times New Roman để văn bản in ra đúng dấu.",
                       message="{count} ô viết bằng bảng mã {encoding}{aside}: ô {first_cell} \u201c{typed}\u201d "
                               "được {verb} là \u201c{read}\u201d{more}. {outcome}"),
    "tep-khong-doc-duoc": Code(LOI, "Tệp không đọc được (hỏng, có mật khẩu, không phải sổ, mẫu mới hơn)",
                               "tệp không được tính", "Xin xã gửi lại sổ (.xlsm) không đặt mật khẩu.",
                               message="{reason}"),
    "trung-xa": Code(LOI, "Hai tệp của cùng một xã (cùng mã, hoặc cùng tên và tỉnh)", "không tính tệp nào của xã đó",
                     "Giữ một tệp đúng, bỏ tệp kia khỏi thư mục rồi chạy lại.",
                     message="{count} tệp cùng là {commune} (mã {code}): {files}. Không tính tệp nào cho đến khi "
                             "bỏ bớt."),
    "nam-khac": Code(LOI, "Sổ của năm khác với đa số sổ", "tệp không được tính",
                     "Bỏ tệp khỏi thư mục hoặc xin xã gửi sổ đúng năm.",
                     message="Sổ năm {year}, khác năm {majority} của các sổ khác; không tính."),
    "ket-qua-khac": Code(CANH_BAO, "Kết quả lưu trong sổ khác kết quả tính lại", "dùng kết quả tính lại từ số liệu gốc",
                         "Không cần sửa; nhắc xã bấm Xuất bản gửi cấp trên trước khi gửi.",
                         message="{count} ô kết quả lưu trong sổ khác kết quả tính lại (đầu tiên {first}: sổ ghi "
                                 "{stored}, tính lại {recomputed}); dùng kết quả tính lại."),
    "ket-qua-bao-loi": Code(CANH_BAO, "Ô kết quả hiện #NAME?, #LỖI…", "dùng kết quả tính lại từ số liệu gốc",
                            "Không cần sửa; máy của xã chưa cài hoctap-xl hoặc chưa tính lại.",
                            message="{count} ô kết quả hiện {shown} (máy gửi chưa cài hoctap-xl hoặc chưa tính "
                                    "lại); đã tính lại từ số liệu gốc."),
    "phien-ban-khac": Code(CANH_BAO, "Sổ dùng mẫu hoặc bộ tiêu chí khác đa số", "vẫn tính theo bản của chính sổ",
                           "Kiểm tra xã có dùng đúng sổ mẫu của năm không.",
                           message="Sổ dùng {what} {version}, khác {majority} của đa số sổ; vẫn được tính theo bản "
                                   "của chính sổ.{hint}"),
    "chua-gui": Code(CANH_BAO, "Xã trong danh sách chưa gửi sổ", "xã đó không có trong tổng hợp",
                     "Nhắc xã gửi sổ.", message="Chưa có sổ của {commune}{code_part}."),
    # carrying a workbook over (next-year, upgrade, split, merge, import)
    "khong-chep-duoc": Code(CANH_BAO, "Phần của sổ không có chỗ trong mẫu (sheet, cột thêm vào) nên không được chép",
                            "sổ mới không có phần đó; sổ cũ vẫn giữ nguyên",
                            "Tự chép phần đó sang sổ mới nếu cần (sổ cũ không bị sửa).",
                            message="{part} \u201c{name}\u201d{detail} {problem}; {outcome}."),
    "xung-dot-sua": Code(LOI, "Cùng một dòng được sửa khác nhau ở hai nơi (hai tệp thôn, hoặc tệp thôn và sổ xã)",
                         "giữ nguyên dòng trong sổ xã, không lấy bản sửa nào",
                         "Xem hai bản sửa trong thông điệp, chọn bản đúng rồi sửa tay trong sổ xã.",
                         message="{entry} {conflict}; {outcome}."),
    "chuyen-thon": Code(LOI, "Dòng trong tệp thôn đã đổi sang thôn khác",
                        "giữ nguyên dòng trong sổ xã (không chuyển)",
                        "Nếu người/hộ đó chuyển thôn thật, sửa cột Thôn/TDP trong sổ xã.",
                        message="{entry} trong tệp của {thon} được ghi sang thôn \u201c{moved_to}\u201d; sổ xã giữ "
                                "như cũ."),
    "dong-bi-xoa-o-tep-thon": Code(CANH_BAO, "Dòng có trong tệp thôn khi tách, nay không còn",
                                   "giữ nguyên dòng trong sổ xã (không xóa)",
                                   "Nếu người/hộ đó không còn, tự xóa dòng trong sổ xã.",
                                   message="{entry} không còn trong tệp của {thon}; sổ xã vẫn giữ dòng này."),
    "tep-thon-khong-khop": Code(LOI, "Tệp thôn không tách ra từ sổ này (khác xã, năm hoặc không phải tệp tách)",
                                "tệp đó không được gộp",
                                "Dùng đúng các tệp do lệnh split (nút Tách theo thôn) của sổ này tạo ra.",
                                message="Tệp {file_name} {reason}; không được gộp."),
    "trung-khi-nhap": Code(CANH_BAO, "Dòng nhập vào đã có trong sổ (hoặc lặp lại trong tệp nhập)",
                           "dòng đó không được thêm lần nữa",
                           "Kiểm tra lại; nếu là hai người khác nhau cùng tên, thêm năm sinh cho khác.",
                           message="\u201c{name}\u201d (dòng {row_no}) {where}; không nhập lần nữa."),
    "thon-chua-co-khi-nhap": Code(CANH_BAO, "Dòng nhập vào ở thôn chưa có trong sheet Thôn - TDP",
                                  "dòng vẫn được nhập; khi kiểm tra, dòng đó bị loại cho đến khi có thôn",
                                  "Thêm thôn vào sheet Thôn - TDP (hoặc sửa tên thôn của dòng cho đúng).",
                                  message="\u201c{name}\u201d (dòng {row_no}) ở \u201c{thon}\u201d, chưa có trong "
                                          "sheet {list_sheet}; dòng vẫn được nhập."),
    "cot-khong-nhan-ra": Code(CANH_BAO, "Cột của tệp nhập không khớp cột nào của bảng",
                              "cột đó không được nhập",
                              "Đổi tiêu đề cột cho giống mẫu, hoặc chỉ định bằng --cot \"Tiêu đề mẫu=Tiêu đề tệp\".",
                              message="Cột \u201c{header}\u201d không khớp cột nào của bảng {table}; không được "
                                      "nhập."),
    "thieu-meta": Code(CANH_BAO, "Không có sheet _meta (sổ không do hoctap-xl tạo hoặc đã bị xóa)",
                       "đọc theo tên sheet và tiêu đề", "Dùng sổ mẫu của hoctap-xl.",
                       message="Sổ không có sheet _meta; đọc theo tên sheet và tiêu đề."),
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong or worth a look: a code, its message, and where (sheet, cell, file)."""

    code: str
    message: str
    sheet: str | None = None
    cell: str | None = None
    file: str | None = None

    def __post_init__(self) -> None:
        """Refuse a code that is not registered in :data:`CODES`."""
        if self.code not in CODES:
            raise KeyError(f"finding code not documented in findings.CODES: {self.code}")

    @property
    def level(self) -> Level:
        """The code's level: ``lỗi`` or ``cảnh báo``."""
        return CODES[self.code].level

    @property
    def is_error(self) -> bool:
        """Whether the finding is a ``lỗi``."""
        return self.level == LOI

    def to_json(self) -> dict[str, Any]:
        """The finding as the JSON outputs carry it."""
        data: dict[str, Any] = {"ma": self.code, "muc_do": self.level, "sheet": self.sheet,
                                "o": self.cell, "thong_diep": self.message}
        if self.file is not None:
            data["tep"] = self.file
        return data

    def where(self) -> str:
        """Where, as a person reads it: file › sheet › cell."""
        parts = [p for p in (self.file, self.sheet, self.cell) if p]
        return " › ".join(parts) if parts else "(toàn sổ)"


def finding(code: str, /, *, sheet: str | None = None, cell: str | None = None, file: str | None = None,
            **values: object) -> Finding:
    """A finding of ``code`` at a place, its message the code's template filled from ``values``."""
    return Finding(code, CODES[code].message.format(**values), sheet, cell, file)


def has_errors(findings: list[Finding]) -> bool:
    """Whether any finding is a ``lỗi``."""
    return any(f.is_error for f in findings)


def markdown() -> str:
    """docs/findings.md, generated from :data:`CODES` (a test keeps the file current)."""
    lines = [
        "# Danh sách mã phát hiện (findings)",
        "",
        "Mỗi phát hiện có một **mã** cố định, một **mức** (`lỗi` làm `check`/`results` trả mã thoát 1;",
        "`cảnh báo` thì không), vị trí (tệp, sheet, ô) và thông điệp tiếng Việt. Cùng một mã xuất hiện ở",
        "`hoctap-xl check`, `results --json` (`phat_hien`), sheet `Lỗi nhập liệu` của sổ và sheet `Phát hiện`",
        "của cấp trên.",
        "",
        "Tệp này sinh tự động: `python -m hoctap_xl.findings > docs/findings.md`.",
        "",
        "| Mã | Mức | Ý nghĩa | Ảnh hưởng khi tính | Cách sửa |",
        "|---|---|---|---|---|",
    ]
    for code, c in CODES.items():
        lines.append(f"| `{code}` | {c.level} | {c.title} | {c.effect} | {c.fix} |")
    lines += ["", "Ngoài ra, khi tệp không đọc được, không phải sổ của hoctap-xl, có mật khẩu hoặc làm bằng mẫu",
              "mới hơn chương trình, lệnh dừng với mã thoát 2 và một thông điệp nêu tên tệp",
              "(không phải một phát hiện).", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown())
