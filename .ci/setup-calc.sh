#!/usr/bin/env sh
# LibreOffice Calc and Writer for the tests that recalculate workbooks and convert documents
# (the README's test command runs this). Installs them on Debian/Ubuntu as root when missing;
# elsewhere says why those tests will skip (in CI, where CI is set, they fail instead).
if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Cài LibreOffice Calc và Writer (một lần, vài phút)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && \
        apt-get install -y -qq --no-install-recommends libreoffice-calc libreoffice-writer >/dev/null && exit 0
    echo "apt-get could not install LibreOffice: the Calc tests will skip (and fail in CI)." >&2
    exit 0
fi
echo "LibreOffice is not installed and this is not Debian as root: the Calc tests will skip" \
     "(install LibreOffice Calc and Writer to run them)." >&2
exit 0
