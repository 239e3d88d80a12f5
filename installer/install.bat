@echo off
rem hoctap-xl: nhap dup de cai dat (chay install.ps1 ben canh).
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0install.ps1" %*
pause
