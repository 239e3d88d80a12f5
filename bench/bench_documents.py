"""The full set of Word documents of a large commune against raw docxtpl rendering.

Data: a commune with --recognised persons recognised as Công dân học tập (default 5,000) and
--households households (default 1,500), built with the sample generator and scored by the core.

* product: ``write_commune_documents`` — builds every context (lists sorted by thôn, numbers
  and dates formatted, sentences), draws the chart, renders strictly (autoescape,
  StrictUndefined), writes to a temporary folder and moves the files into place;
* floor:   docxtpl alone rendering the same templates with the same contexts already prepared
  (``DocxTemplate(...).render(context)`` + ``save``, default Jinja environment, the chart image
  already drawn) — what any docxtpl program has to spend at least;
* PDF (``--pdf``): one LibreOffice call converting every document, measured separately.

Goal (issue 4): product ≤ 1.5x the floor. Run:
    .venv/bin/python bench/bench_documents.py [--recognised 5000] [--households 1500] [--repeat 2] [--pdf]
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
from pathlib import Path

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from hoctap_xl.commune.evaluate import evaluate, grids_from_records
from hoctap_xl.documents.plan import plan
from hoctap_xl.formats import docx_render as documents
from hoctap_xl.rules import ruleset as R
from hoctap_xl.samples import generator as sample
from hoctap_xl.services.documents import write_commune_documents


def commune(recognised: int, households: int):
    s = sample.generate(7, province="Lạng Sơn", commune="Tân Văn", year=2025, code="05999", persons=recognised + 600,
                        households=households, thon=25, mistakes=False)
    people = [r for r in s.tables["cong_dan"]]
    for row in people[:recognised]:  # these pass; the rest keep their generated scores
        row.update({f"Chỉ số {i}": 9 for i in range(1, 11)}, **{"Nhóm": row["Nhóm"] or 1})
    rules = R.default()
    result = evaluate(grids_from_records(s.info, s.tables, rules), rules)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--recognised", type=int, default=5_000)
    ap.add_argument("--households", type=int, default=1_500)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--pdf", action="store_true")
    args = ap.parse_args()
    result = commune(args.recognised, args.households)
    assert not [f for f in result.findings if f.is_error], result.findings[:3]
    folder = documents.template_dir()
    plans = plan(result)
    png = documents.chart_png(plans[0].chart or [], "Tỷ lệ")
    work = Path(tempfile.mkdtemp(prefix="hoctap-bench-"))

    def product() -> None:
        outcome = write_commune_documents(result, work / "product")
        assert outcome.ok

    def floor() -> None:
        out = work / "floor"
        out.mkdir(exist_ok=True)
        for p in plans:
            tpl = DocxTemplate(str(folder / p.template))
            context = dict(p.context)
            if p.chart is not None:
                context["bieu_do"] = InlineImage(tpl, io.BytesIO(png), width=Mm(150))
            tpl.render(context)
            tpl.save(str(out / p.file))

    times: dict[str, list[float]] = {"floor": [], "product": []}
    try:
        for _ in range(args.repeat):  # interleaved: both see the same machine load
            for name, fn in (("floor", floor), ("product", product)):
                start = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - start)
        people = sum(p.verdict.recognised for p in result.people)
        homes = sum(e.verdict.recognised for e in result.models["gia_dinh"])
        print(f"recognised: {people:,} persons, {homes:,} of {len(result.models['gia_dinh']):,} households; "
              f"{len(plans)} documents")
        for name, runs in times.items():
            print(f"{name:8s} best {min(runs):6.2f} s   runs {', '.join(f'{t:.2f}' for t in runs)}")
        print(f"ratio product/floor (best): {min(times['product']) / min(times['floor']):.2f}x   (goal ≤ 1.5x)")
        if args.pdf:
            files = sorted((work / "product").glob("*.docx"))
            start = time.perf_counter()
            documents.to_pdf(files, work / "product")
            print(f"PDF, one LibreOffice call for {len(files)} documents: {time.perf_counter() - start:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
