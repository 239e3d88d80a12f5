"""The Word edge: renders the plans of :mod:`hoctap_xl.documents.plan` with docxtpl, draws the
chart with matplotlib, converts to PDF with LibreOffice (or Word on Windows), and writes every
file atomically. Used by ``hoctap-xl report``, ``check-template``, the demo and the
``Tạo báo cáo`` button.

Rendering is strict: autoescaping on (a name with ``&`` or ``<`` prints as typed) and
``StrictUndefined`` (a variable the context lacks is an error, never a blank).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hoctap_xl.commune.results import CommuneResult
from hoctap_xl.documents import plan as D
from hoctap_xl.errors import HoctapError
from hoctap_xl.findings import Finding

REPO_TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "docx"
PDF_TIMEOUT = 600


class DocumentError(HoctapError):
    """A document cannot be written (template, locked file, conversion)."""


# --- templates ------------------------------------------------------------------------------------

def template_dir(override: str | Path | None = None) -> Path:
    """The folder of templates: ``--mau DIR`` when given, else the repository's
    ``templates/docx/``; an installed package without the repository builds its own copy once
    in the user's cache."""
    if override:
        folder = Path(override)
        if not folder.is_dir():
            raise DocumentError(f"Không có thư mục mẫu văn bản {folder}.")
        return folder
    if all((REPO_TEMPLATES / name).is_file() for name in D.TEMPLATE_FILES):
        return REPO_TEMPLATES
    from hoctap_xl import __version__
    from hoctap_xl.formats.docx_templates import build_all

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hoctap-xl" / f"mau-{__version__}"
    if not all((cache / name).is_file() for name in D.TEMPLATE_FILES):
        build_all(cache)
    return cache


def template_variables(path: Path) -> set[str]:
    from docxtpl import DocxTemplate

    try:
        return set(DocxTemplate(str(path)).get_undeclared_template_variables())
    except Exception as exc:  # a broken tag or not a .docx
        raise DocumentError(f"Mẫu {path.name} không đọc được: {type(exc).__name__}: {str(exc)[:200]}") from None


@dataclass
class TemplateCheck:
    path: Path
    kind: str                      # which of our templates it stands for
    unknown: list[str]             # variables the product does not provide: rendering would fail
    missing: list[str]             # variables our template prints that this one does not
    missing_essential: list[str]   # … of which the document would be wrong without

    @property
    def ok(self) -> bool:
        return not self.unknown and not self.missing_essential


def check_template(path: str | Path, kind: str | None = None) -> TemplateCheck:
    """Compare a (province's) template with ours of the same kind: the kind is read from the
    file name (``quyet-dinh-lang-son.docx`` → ``quyet-dinh.docx``) or, failing that, is the
    template whose variables it shares most."""
    p = Path(path)
    if not p.is_file():
        raise DocumentError(f"Không có tệp {p}.")
    used = template_variables(p)
    ours = {name: template_variables(template_dir() / name) for name in D.TEMPLATE_FILES}
    if kind is None:
        by_name = [n for n in D.TEMPLATE_FILES if p.name.startswith(n.removesuffix(".docx"))]
        kind = max(by_name, key=len) if by_name else max(ours, key=lambda n: len(ours[n] & used))
    expected = ours[kind]
    provided = set(D.VARIABLES)
    unknown = sorted(used - provided)
    missing = sorted(expected - used)
    essential = sorted(v for v in missing if v in D.ESSENTIAL.get(kind, ()))
    return TemplateCheck(p, kind, unknown, missing, essential)


# --- rendering ------------------------------------------------------------------------------------

def chart_png(rows: list[dict[str, Any]], title: str) -> bytes:
    """Shares against targets as horizontal bars (matplotlib, no display)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [r["ten"] for r in rows][::-1]
    shares = [(r["ty_le"] or 0) * 100 for r in rows][::-1]
    targets = [None if r["chi_tieu"] is None else r["chi_tieu"] * 100 for r in rows][::-1]
    fig, ax = plt.subplots(figsize=(6.3, 3.4), dpi=150)
    try:
        plt.rcParams["font.family"] = "DejaVu Sans"  # has every Vietnamese glyph; Times may be absent
        y = range(len(labels))
        ax.barh(list(y), shares, color="#4a7ab5", height=0.55, label="Đạt được")
        for i, t in enumerate(targets):
            if t is not None:
                ax.plot([t, t], [i - 0.38, i + 0.38], color="#c0392b", linewidth=2.2,
                        label="Chỉ tiêu" if i == next(k for k, v in enumerate(targets) if v is not None) else None)
        for i, s in enumerate(shares):
            ax.text(s + 1, i, f"{s:.1f}".replace(".", ",") + " %", va="center", fontsize=7)
        ax.set_yticks(list(y), labels, fontsize=8)
        ax.set_xlim(0, 110)
        ax.set_xlabel("%", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_title(title, fontsize=9)
        ax.legend(fontsize=7, loc="lower right")
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()
    finally:
        plt.close(fig)


def render(plan: D.DocumentPlan, templates: Path, out: Path) -> None:
    """One document: docxtpl with autoescape and StrictUndefined; the chart as an image."""
    import jinja2
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    path = templates / plan.template
    try:
        tpl = DocxTemplate(str(path))
    except Exception as exc:
        raise DocumentError(f"Mẫu {path} không mở được ({type(exc).__name__}).") from None
    context = dict(plan.context)
    if plan.chart is not None:
        png = chart_png(plan.chart, f"Tỷ lệ đạt được so với chỉ tiêu năm {context.get('nam', '')}")
        context["bieu_do"] = InlineImage(tpl, io.BytesIO(png), width=Mm(150))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(context, env, autoescape=True)
    except jinja2.UndefinedError as exc:
        raise DocumentError(f"Mẫu {plan.template} dùng biến không có: {exc.message}. Chạy "
                            f"\u201choctap-xl check-template {path}\u201d để xem chi tiết.") from None
    except jinja2.TemplateSyntaxError as exc:
        raise DocumentError(f"Mẫu {plan.template} có thẻ sai cú pháp (dòng {exc.lineno}): {exc.message}.") from None
    tpl.save(str(out))


# --- PDF -------------------------------------------------------------------------------------------

def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(candidate).is_file():
            return candidate
    return None


def to_pdf(files: list[Path], folder: Path) -> list[Path]:
    """All documents in one conversion: one LibreOffice process with a profile of its own (never
    two on one profile), else Word on Windows; a clear message when neither exists."""
    soffice = find_soffice()
    if soffice:
        profile = Path(tempfile.gettempdir()) / f"hoctap-xl-lo-{uuid.uuid4().hex}"
        try:
            run = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                                  "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
                                 capture_output=True, text=True, timeout=PDF_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise DocumentError(f"LibreOffice chuyển PDF quá {PDF_TIMEOUT} giây; các tệp Word vẫn được ghi.") from None
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        pdfs = [folder / f"{f.stem}.pdf" for f in files]
        missing = [p.name for p in pdfs if not p.is_file()]
        if run.returncode != 0 or missing:
            raise DocumentError("LibreOffice không chuyển được sang PDF: " + (", ".join(missing) or "")
                                + f" ({(run.stderr or run.stdout).strip()[:300]})")
        return pdfs
    if sys.platform == "win32":  # pragma: no cover - needs Word; see docs/windows-checklist.md
        return _word_pdf(files, folder)
    raise DocumentError("Không tìm thấy LibreOffice (hoặc Word trên Windows) để chuyển sang PDF. Cài LibreOffice "
                        "(https://www.libreoffice.org) rồi chạy lại với --pdf; các tệp Word vẫn được ghi.")


def _word_pdf(files: list[Path], folder: Path) -> list[Path]:  # pragma: no cover - Windows only
    try:
        import win32com.client
    except ImportError:
        raise DocumentError("Không có LibreOffice, và thiếu pywin32 để điều khiển Word: cài LibreOffice hoặc "
                            "\u201cpip install pywin32\u201d.") from None
    word = win32com.client.DispatchEx("Word.Application")
    out = []
    try:
        for f in files:
            doc = word.Documents.Open(str(f.resolve()), ReadOnly=True)
            target = folder / f"{f.stem}.pdf"
            doc.SaveAs2(str(target.resolve()), FileFormat=17)  # wdFormatPDF
            doc.Close(False)
            out.append(target)
    finally:
        word.Quit()
    return out


# --- the whole set -----------------------------------------------------------------------------------

@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)
    refused: list[tuple[Finding, list[str]]] = field(default_factory=list)
    draft: bool = False
    pdf_message: str = ""

    @property
    def ok(self) -> bool:
        return not self.refused


def _locked(target: Path) -> bool:
    """Word keeps an owner file ``~$…`` beside an open document and, on Windows, a lock that
    makes the file unwritable; either means we must not replace it now."""
    for owner in (target.with_name("~$" + target.name), target.with_name("~$" + target.name[2:])):
        if owner.exists():
            return True
    if target.exists():
        try:
            with open(target, "ab"):
                pass
        except PermissionError:
            return True
    return False


def write_documents(result: CommuneResult, out_dir: str | Path, *, texts: dict[str, list[str]] | None = None,
                    force: bool = False, pdf: bool = False, last_year: CommuneResult | None = None,
                    templates: str | Path | None = None) -> Outcome:
    """Every document of one commune into ``out_dir``. Refuses (writes nothing) while a ``lỗi``
    would make a document wrong, unless ``force`` — then every page says DỰ THẢO. Files are
    rendered into a temporary folder beside the output and moved into place at the end, so a
    failure leaves the folder as it was; other files in the folder are never touched."""
    out = Path(out_dir)
    folder = template_dir(templates)
    ratios = D.share_ratios(last_year) if last_year is not None else None
    plans = D.plan(result, texts, draft=force, last_year=ratios)
    findings = result.findings + D.document_findings(result, result.findings[0].file if result.findings else None)
    refused = D.blocking(findings, plans)
    if refused and not force:
        return Outcome(refused=refused)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocumentError(f"Không tạo được thư mục {out}: {exc.strerror or exc}.") from None
    names = [p.file for p in plans] + ([f"{Path(p.file).stem}.pdf" for p in plans] if pdf else [])
    locked = [n for n in names if _locked(out / n)]
    if locked:
        raise DocumentError("Các tệp sau đang mở (trong Word hoặc chương trình khác): " + ", ".join(locked)
                            + ". Hãy đóng chúng rồi chạy lại; chưa tệp nào bị thay.")
    work = Path(tempfile.mkdtemp(prefix=".hoctap-tam-", dir=out))
    try:
        rendered = []
        for p in plans:
            target = work / p.file
            render(p, folder, target)
            rendered.append(target)
        message = ""
        if pdf:
            try:
                rendered += to_pdf(rendered, work)
            except DocumentError as exc:
                message = str(exc)
        written = []
        for f in rendered:
            final = out / f.name
            try:
                os.replace(f, final)
            except PermissionError:
                raise DocumentError(f"Không thay được {final.name}: tệp đang mở. Hãy đóng rồi chạy lại.") from None
            written.append(final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Outcome(written=written, refused=refused, draft=force, pdf_message=message)


def open_folder(folder: Path) -> None:  # pragma: no cover - opens a window
    """Show the output folder to the user (the button does this)."""
    if sys.platform == "win32":
        os.startfile(str(folder))  # type: ignore[attr-defined]
    elif sys.platform == "darwin":
        subprocess.Popen(["open", str(folder)])
    elif shutil.which("xdg-open"):
        subprocess.Popen(["xdg-open", str(folder)])
