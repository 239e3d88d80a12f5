#!/usr/bin/env sh
# LibreOffice Calc and Writer for the tests that recalculate workbooks and convert documents
# (the README's test command runs this). Installs them on Debian/Ubuntu as root when missing;
# elsewhere says why those tests will skip (in CI, where CI is set, they fail instead).
# "Installed" means soffice and, beside it, Calc's and Writer's modules (libsclo, libswlo): a
# LibreOffice with only one of them would fail the other half of the tests.
found="$(command -v soffice || command -v libreoffice || true)"
if [ -n "$found" ]; then
    program="$(dirname "$(readlink -f "$found" 2>/dev/null || echo "$found")")"
    calc=0; writer=0
    ls "$program" 2>/dev/null | grep -q '^libsclo\.' && calc=1
    ls "$program" 2>/dev/null | grep -q '^libswlo\.' && writer=1
    if [ "$calc$writer" = "11" ] || [ "$calc$writer" = "00" ]; then
        exit 0  # both there, or not a layout where they can be seen (macOS, Windows): trust soffice
    fi
    echo "LibreOffice in $program lacks Calc or Writer." >&2
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Cài LibreOffice Calc và Writer (một lần, vài phút)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && \
        apt-get install -y -qq --no-install-recommends libreoffice-calc libreoffice-writer >/dev/null && exit 0
    echo "apt-get could not install LibreOffice: the Calc tests will skip (and fail in CI)." >&2
    exit 0
fi
echo "LibreOffice Calc and Writer are not installed and this is not Debian as root: the Calc tests will skip" \
     "(install LibreOffice Calc and Writer to run them)." >&2
exit 0
