# hoctap-xl — cài đặt trên Windows (Windows 10 trở lên, Excel 2010-365).
# Chạy bằng install.bat (nhấp đúp). NOT YET RUN ON A REAL PC — see docs/windows-checklist.md.
#
# Làm gì:
#   1. kiểm tra Windows 10+, Python 3.10+ (không dùng bản Microsoft Store);
#   2. tạo môi trường Python ở C:\HocTap\venv (đường dẫn không dấu: trình chạy của xlwings đổi dòng lệnh
#      sang bảng mã ANSI, nên "C:\Users\Nguyễn Văn A" làm hỏng việc gọi Python);
#   3. cài hoctap-xl[excel] (xlwings được ghim đúng phiên bản của VBA trong sổ) — từ thư mục wheels\ nếu
#      có (máy không có mạng), không thì từ mã nguồn bên cạnh;
#   4. ghi ~/.xlwings/xlwings.conf (Interpreter_Win, UDF Modules);
#   5. cho Excel: "Trust access to the VBA project object model" (để nút Kích hoạt nhập được các hàm)
#      và thư mục tin cậy C:\HocTap\ (macro không bị chặn);
#   6. chép sổ mẫu vào C:\HocTap\ và gỡ dấu "tải từ Internet" (Mark of the Web).
param([string]$Dest = "C:\HocTap")
$ErrorActionPreference = "Stop"
function Say($text) { Write-Host $text }
function Fail($text) { Write-Host "LỖI: $text" -ForegroundColor Red; exit 1 }

if ([Environment]::OSVersion.Version.Major -lt 10) { Fail "Cần Windows 10 trở lên." }
if ($Dest -match '[^\x00-\x7F]') { Fail "Thư mục cài đặt phải không dấu (vd. C:\HocTap)." }

$py = (Get-Command py -ErrorAction SilentlyContinue)
if (-not $py) { Fail "Chưa có Python. Cài Python 3.10+ từ python.org (chọn 'Add to PATH'), rồi chạy lại." }
$ver = & py -3 -c "import sys; print('%d.%d' % sys.version_info[:2])"
if ([version]$ver -lt [version]"3.10") { Fail "Cần Python 3.10 trở lên (đang có $ver)." }
$exe = & py -3 -c "import sys; print(sys.executable)"
if ($exe -like "*WindowsApps*") { Fail "Đang dùng Python của Microsoft Store; hãy cài Python từ python.org." }

New-Item -ItemType Directory -Force -Path $Dest | Out-Null
Say "Tạo môi trường Python ở $Dest\venv ..."
& py -3 -m venv "$Dest\venv"
$pip = "$Dest\venv\Scripts\python.exe"
$src = Split-Path -Parent $PSScriptRoot
$wheels = Join-Path $PSScriptRoot "wheels"
if (Test-Path $wheels) {
    & $pip -m pip install --no-index --find-links $wheels "hoctap-xl[excel]"
} else {
    & $pip -m pip install "$src[excel]"
}
if ($LASTEXITCODE -ne 0) { Fail "Cài gói không thành công (xem thông báo ở trên)." }

$conf = Join-Path $env:USERPROFILE ".xlwings"
New-Item -ItemType Directory -Force -Path $conf | Out-Null
@(
    "`"INTERPRETER_WIN`",`"$Dest\venv\Scripts\pythonw.exe`"",
    "`"UDF MODULES`",`"hoctap_xl.udfs;hoctap_xl.buttons`"",
    "`"USE UDF SERVER`",`"False`""
) | Set-Content -Encoding UTF8 (Join-Path $conf "xlwings.conf")

foreach ($office in "14.0", "15.0", "16.0") {
    $key = "HKCU:\Software\Microsoft\Office\$office\Excel\Security"
    if (Test-Path "HKCU:\Software\Microsoft\Office\$office\Excel") {
        New-Item -Force -Path $key | Out-Null
        Set-ItemProperty -Path $key -Name AccessVBOM -Value 1 -Type DWord
        $loc = "$key\Trusted Locations\HocTap"
        New-Item -Force -Path $loc | Out-Null
        Set-ItemProperty -Path $loc -Name Path -Value "$Dest\"
        Set-ItemProperty -Path $loc -Name AllowSubfolders -Value 1 -Type DWord
    }
}

foreach ($name in "So_hoc_tap_mau.xlsm", "Tong_hop_cap_tren.xlsm") {
    $book = Join-Path $src "workbook\$name"
    if (Test-Path $book) { Copy-Item $book $Dest -Force }
}
Get-ChildItem $Dest -Filter *.xlsm | Unblock-File
Say "Xong. Mở $Dest\So_hoc_tap_mau.xlsm, bấm 'Kích hoạt (lần đầu)' rồi 'Kiểm tra cài đặt'."
