#!/usr/bin/env sh
# Microsoft's Open XML SDK validator for tests/test_zz_ooxml.py, which validates every workbook the
# tests write (the README's test command runs this). The tool is not part of the repository: it
# lives in ../shared/tools/ooxml-validate beside the checkout (for a git worktree, beside the main
# checkout; OOXML_VALIDATE names it directly). Where it is, this builds it once (a few minutes:
# Mono's compiler and a wheel with the .NET runtime, see its README) into ~/.cache/ooxml-validate.
# A user's clone has no ../shared: nothing to do, and those tests skip. A failed build is reported
# here; the tests then fail in CI (CI set) and skip elsewhere.
cd "$(dirname "$0")/.." || exit 0
common="$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
tool=""
for candidate in "${OOXML_VALIDATE:-}" ../shared/tools/ooxml-validate/ooxml-validate \
                 "${common:+$(dirname "$common")/../shared/tools/ooxml-validate/ooxml-validate}"; do
    if [ -n "$candidate" ] && [ -f "$candidate" ]; then
        tool="$candidate"
        break
    fi
done
[ -n "$tool" ] || exit 0
if [ ! -x "${OOXML_VALIDATE_HOME:-$HOME/.cache/ooxml-validate}/bin/OoxmlValidate" ]; then
    echo "Dựng bộ kiểm tra Open XML SDK của Microsoft (một lần, vài phút)…"
fi
if ! "$tool" --help >/dev/null 2>"${TMPDIR:-/tmp}/ooxml-validate-build.log"; then
    echo "$tool could not be built (see ${TMPDIR:-/tmp}/ooxml-validate-build.log): the Open XML tests" \
         "will skip (and fail in CI)." >&2
fi
exit 0
