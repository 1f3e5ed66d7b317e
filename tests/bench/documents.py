"""Ingest of Word and PDF documents against the same articles as text files, in-process, on SQLite.

    python -m tests.bench.documents [--n 500] [--seed 0] [--runs 1] [--keep DIR] [--out result.json]

Staff copy arrives as Word files and printed pages as PDF, and ingest reads both as their
article (store/extract/documents.py: python-docx gives a Word file's paragraphs; pypdf gives a
PDF's lines, which are joined back into paragraphs without the running headers and footers).
To know what that costs and what it changes, the benchmark writes N articles with the benchmark
corpus (tests/bench/corpus.py), then the same N articles twice more, with the title and
paragraphs a page of tests/bench/pages.py shows (``article_parts``: the file's title, else its
first sentence cut at 12 words with "…"; where ingest puts such a title back as the first line,
it is stored as one more fact, and the comparison counts those articles apart):

* as ``.docx`` (python-docx): the title as the core ``title`` property (even-numbered articles)
  or as a first paragraph in the Title style (odd-numbered ones), one paragraph per line of the
  file, a Markdown ``##`` line as a Heading 2. The wire date line (`` date 2025-03-01 ``) stays
  at the start of the first paragraph when the file has one; a Markdown file's front-matter
  date is written as that line too (a document has no front matter, and the date line is the
  one date ingest reads in a document). A Markdown file's outlet and url are not carried;
* as ``.pdf`` (fpdf2, A4): the title in bold 16 pt, then the same paragraphs wrapped by fpdf2
  in 11 pt (a Markdown subheading in bold 12 pt), a running header on every page with the
  outlet and a print time (``The Daily Courier | 3 March 2025, 14:07``, the day the article's
  date where it has one) and a ``Page N of M`` footer; the title in the document's properties.
  Set in DejaVu Sans, a Unicode TTF found under /usr/share/fonts (cut down to the corpus's
  characters once per run, ``cut_fonts``), so names keep their accents ("Erdoğan", "Šimić")
  and quotes their curly marks. Where no such font is found the core
  Helvetica is used and the text is transliterated to Latin-1 (``to_latin1``: curly quotes and
  dashes to ASCII, other letters stripped of their marks): the PDF facts then differ from the
  text's by those characters, and ``pdf_font`` in the result says so.

Each folder is ingested into its own fresh SQLite database in this process, after an untimed
warm-up ingest of the first 20 articles in each form (python-docx's and pypdf's imports, timed
apart, fall on neither side); ``--runs`` times in turn, the median reported: wall and CPU
seconds, bytes, facts and failed files. Then ``document_text`` alone is timed over every
document (median and p90 ms, per kind). Last, each document database is compared with the text
one article by article: the same facts (articles with identical facts in the same order; facts
with an exact match among their text's; the first few lost and gained), the same publication
dates, and the rounds found (how many, and on which days). Results in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import io
import json
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from store.extract.article import ParsedArticle
from tests.bench.corpus import MONTHS, generate
from tests.bench.pages import article_parts, compare, ingest_runs, run_from_command_line, stored, warm_up, write_out
from tests.bench.run import log, percentile

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
FORMS = ("text", "docx", "pdf")
SHOWN = 20  # differences printed (all of them go to --out)
_LATIN1 = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "ı": "i",
                         "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})


def _dated(parsed: ParsedArticle, lines: list[str]) -> list[str]:
    """``lines`` with the file's date line at the start of the first, where the file has a date
    line or front matter with a date."""
    if lines and parsed.published and parsed.date_source in ("header", "front_matter"):
        return [f"date {parsed.published.isoformat()} {lines[0]}", *lines[1:]]
    return lines


def word_document(raw: str, index: int) -> bytes:
    """The article of ``raw`` (a corpus file) as a Word document, as a newsroom's staff copy is:
    see the module's docstring. ``index``: the article's number, even for a title property,
    odd for a Title paragraph."""
    import docx

    parsed, title, lines = article_parts(raw)
    doc = docx.Document()
    if index % 2:
        doc.add_heading(title, level=0)  # the Title style
    else:
        doc.core_properties.title = title
    for line in _dated(parsed, lines):
        if line.startswith("## "):
            doc.add_heading(line[3:].strip(), level=2)
        else:
            doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def unicode_font() -> tuple[Path, Path] | None:
    """DejaVu Sans, regular and bold, where the machine has it."""
    for root in FONT_DIRS:
        regular = next(iter(sorted(root.rglob("DejaVuSans.ttf"))), None) if root.is_dir() else None
        if regular and (regular.parent / "DejaVuSans-Bold.ttf").is_file():
            return regular, regular.parent / "DejaVuSans-Bold.ttf"
    return None


def to_latin1(text: str) -> str:
    """``text`` in the characters of fpdf2's core fonts: curly quotes and dashes as ASCII,
    letters outside Latin-1 without their marks ("Erdoğan" -> "Erdogan")."""
    text = text.translate(_LATIN1)
    if all(ord(c) < 256 for c in text):
        return text
    return "".join(c if ord(c) < 256 else unicodedata.normalize("NFKD", c).encode("latin-1", "ignore").decode("latin-1")
                   for c in text)


def cut_fonts(font: tuple[Path, Path], chars: set[str], out_dir: Path) -> tuple[Path, Path]:
    """``font`` cut down to printable ASCII and ``chars`` (the corpus's), written in ``out_dir``:
    a few hundred of DejaVu Sans's 6,000 glyphs, the same shapes and widths. fpdf2 parses the
    whole font for every document it is registered in; cut, a PDF takes 40% less time to write."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    out_dir.mkdir(parents=True, exist_ok=True)
    cut = []
    for path in font:
        ttf = TTFont(path)
        options = subset.Options(layout_features=[], name_IDs=["*"], notdef_outline=True)
        options.drop_tables += ["FFTM"]  # FontForge's timestamp, which fontTools cannot cut
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted({*map(ord, chars), *range(0x20, 0x7F)}))
        subsetter.subset(ttf)
        cut.append(out_dir / path.name)
        ttf.save(cut[-1])
    return cut[0], cut[1]


def pdf_document(raw: str, index: int, font: tuple[Path, Path] | None = None) -> bytes:
    """The article of ``raw`` as a page printed from a news site's system: see the module's
    docstring. ``index``: the article's number, which sets the print time; ``font``: regular and
    bold TTF files (``unicode_font()`` when not given; with neither, Helvetica and Latin-1)."""
    from fpdf import FPDF

    parsed, title, lines = article_parts(raw)
    font = font or unicode_font()
    family = "DejaVu" if font else "Helvetica"
    plain = (lambda text: text) if font else to_latin1
    site, day = parsed.outlet or "The Daily Courier", parsed.published
    clock = f"{8 + index % 11:02d}:{index * 7 % 60:02d}"
    running = plain(f"{site} | {day.day} {MONTHS[day.month - 1]} {day.year}, {clock}" if day else f"{site} | {clock}")

    class Printed(FPDF):
        def header(self) -> None:
            self.set_font(family, size=8)
            self.cell(0, 5, running, new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font(family, size=8)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Printed(format="A4")
    pdf.set_creation_date(dt.datetime(2026, 12, 1, tzinfo=dt.UTC))  # the same bytes every time
    if font:
        pdf.add_font(family, "", str(font[0]))
        pdf.add_font(family, "B", str(font[1]))
    pdf.set_title(plain(title))
    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 8, plain(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for line in _dated(parsed, lines):
        if line.startswith("## "):
            pdf.set_font(family, "B", 12)
            pdf.multi_cell(0, 7, plain(line[3:].strip()), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font(family, size=11)
            pdf.multi_cell(0, 6, plain(line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def write_documents(text_files: list[Path], out_dir: Path, kind: str) -> list[Path]:
    """One ``.docx`` or ``.pdf`` (``kind``) per corpus file, same stem, in ``out_dir``. PDFs are
    set in DejaVu Sans cut down to the corpus's characters, written beside ``out_dir``."""
    texts = [src.read_text(encoding="utf-8") for src in text_files]
    if kind == "docx":
        make = word_document
    else:
        font = unicode_font()
        chars = set().union(*texts, "…") if font else set()
        cut = cut_fonts(font, chars, out_dir.parent / "fonts") if font else None
        make = functools.partial(pdf_document, font=cut)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for index, (src, raw) in enumerate(zip(text_files, texts, strict=True)):
        path = out_dir / f"{src.stem}.{kind}"
        path.write_bytes(make(raw, index))
        out.append(path)
    return out


def time_extraction(documents: list[Path]) -> dict[str, Any]:
    """``document_text`` alone, once per document (already imported and warmed): ms per document."""
    from store.extract.documents import document_kind, document_text

    samples = []
    for path in documents:
        data = path.read_bytes()
        kind = document_kind(data)
        t0 = time.perf_counter()
        document_text(data, kind)  # type: ignore[arg-type]
        samples.append((time.perf_counter() - t0) * 1000)
    return {"documents": len(samples), "p50_ms": round(percentile(samples, 50), 2),
            "p90_ms": round(percentile(samples, 90), 2), "total_s": round(sum(samples) / 1000, 3)}


def rounds_found(db_file: Path) -> list[tuple[str, str | None]]:
    """The rounds a database found, by day: (date, city)."""
    from store.db import make_engine, session_factory
    from store.models import Round

    engine = make_engine(f"sqlite:///{db_file}")
    try:
        with session_factory(engine)() as s:
            return [(str(d), city) for d, city in s.execute(select(Round.date, Round.city).order_by(Round.date))]
    finally:
        engine.dispose()


def compare_forms(work_dir: Path, name: str, titles: dict[str, str]) -> dict[str, Any]:
    """``pages.compare`` of ``name``'s database with the text one, with how many of the text's
    facts the documents give word for word, the articles whose only difference is their
    document's title (``titles``, by stem) stored as one more fact, and whether the rounds fall
    on the same days."""
    text, doc = stored(work_dir / "text.sqlite"), stored(work_dir / f"{name}.sqlite")
    out = compare(text, doc)
    out["without_facts"] = out.pop("pages_without_facts")
    matched = title_only = 0
    for stem, facts in text["facts"].items():
        theirs = doc["facts"].get(stem, [])
        matched += sum((Counter(facts) & Counter(theirs)).values())
        if facts != theirs and [f for f in theirs if f != titles.get(stem)] == facts:
            title_only += 1
    out.update(facts_matched=matched, text_facts=sum(len(facts) for facts in text["facts"].values()),
               title_only=title_only)
    ours, theirs = rounds_found(work_dir / "text.sqlite"), rounds_found(work_dir / f"{name}.sqlite")
    out["same_round_days"] = [a[0] for a in ours] == [b[0] for b in theirs]
    out["round_days_differ"] = {"text_only": sorted({a[0] for a in ours} - {b[0] for b in theirs}),
                                f"{name}_only": sorted({b[0] for b in theirs} - {a[0] for a in ours})}
    return out


def bench_documents(n: int, work_dir: Path, seed: int = 0, runs: int = 1) -> dict[str, Any]:
    """Write the three folders under ``work_dir``, ingest each into its own database (``runs``
    times, in turn, each time into a fresh one; the median reported), time ``document_text``
    and compare each document database's facts, dates and rounds with the text one's."""
    imports = {}
    for module in ("docx", "pypdf"):  # python-docx writes the Word documents: imported before anything else
        t0 = time.perf_counter()
        importlib.import_module(module)
        imports[module] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    text_files = generate(n, work_dir / "text", seed)
    t1 = time.perf_counter()
    docs = write_documents(text_files, work_dir / "docx", "docx")
    t2 = time.perf_counter()
    pdfs = write_documents(text_files, work_dir / "pdf", "pdf")
    log(f"wrote {n} articles as text ({t1 - t0:.1f}s), Word ({t2 - t1:.1f}s) and PDF "
        f"({time.perf_counter() - t2:.1f}s) documents")
    warm_up({"text": text_files, "docx": docs, "pdf": pdfs}, work_dir)
    font = unicode_font()
    result: dict[str, Any] = {"n": n, "seed": seed, "runs": runs, "import_s": imports,
                              "pdf_font": font[0].name if font else "Helvetica (text transliterated to Latin-1)"}
    result.update(ingest_runs(work_dir, FORMS, runs))
    log("document_text alone")
    result["document_text"] = {"docx": time_extraction(docs), "pdf": time_extraction(pdfs)}
    titles = {p.stem: article_parts(p.read_text(encoding="utf-8"))[1] for p in text_files}
    result["compared"] = {name: compare_forms(work_dir, name, titles) for name in FORMS[1:]}
    text = result["text"]
    result["ratio"] = {name: {key: round(result[name][key] / text[key], 2) if text[key] else None
                              for key in ("wall_s", "cpu_s", "bytes", "facts")} for name in FORMS[1:]}
    return result


def table(result: dict[str, Any]) -> str:
    text, same, ext = result["text"], result["compared"], result["document_text"]

    def row(label: str, key: str, fmt: str = "{}") -> str:
        cells = [fmt.format(result[name][key]) for name in FORMS]
        return f"| {label} | {' | '.join(cells)} |"

    def per_cpu(name: str) -> str:
        a, b = text["articles_per_cpu_s"], result[name]["articles_per_cpu_s"]
        return f"{b} ({round(b / a, 2)} of text)" if a and b else str(b)

    def of(key: str) -> list[str]:
        return [f"{same[name][key]:,} of {same[name]['articles']:,}" for name in FORMS[1:]]

    runs = f"; seconds: median of {result['runs']} runs" if result["runs"] > 1 else ""
    return "\n".join([
        f"| N = {result['n']} (seed {result['seed']}{runs}) | text files | Word (.docx) | PDF |",
        "|---|---:|---:|---:|",
        row("bytes read", "bytes", "{:,}"),
        row("wall s", "wall_s"),
        row("CPU s", "cpu_s"),
        f"| articles per CPU-second | {text['articles_per_cpu_s']} | {per_cpu('docx')} | {per_cpu('pdf')} |",
        row("facts stored", "facts", "{:,}"),
        row("failed files", "failed"),
        "| articles with the same facts as their text | | {} | {} |".format(*of("same_facts")),
        "| facts word for word as the text's | | {} | {} |".format(
            *[f"{same[name]['facts_matched']:,} of {same[name]['text_facts']:,}" for name in FORMS[1:]]),
        "| ... differing only by their title stored as a fact | | {} | {} |".format(*of("title_only")),
        "| articles with the same publication date | | {} | {} |".format(*of("same_date")),
        f"| rounds found | {same['docx']['rounds'][0]} | {same['docx']['rounds'][1]} | {same['pdf']['rounds'][1]} |",
        "| rounds on the same days as the text's | | {} | {} |".format(
            *["yes" if same[name]["same_round_days"] else "no" for name in FORMS[1:]]),
        f"| `document_text` per document, p50 / p90 ms | | {ext['docx']['p50_ms']} / {ext['docx']['p90_ms']} "
        f"| {ext['pdf']['p50_ms']} / {ext['pdf']['p90_ms']} |",
        f"| import once per process, s | | {result['import_s']['docx']} (python-docx) "
        f"| {result['import_s']['pypdf']} (pypdf) |",
    ])


def main(argv: list[str] | None = None) -> int:
    result, out = run_from_command_line(argv, "python -m tests.bench.documents", __doc__.split("\n\n")[0],
                                        bench_documents)
    print(table(result))
    for name, compared in result["compared"].items():
        if compared["differences"]:
            print(f"\nFacts not the same (text -> {name}):",
                  json.dumps(compared["differences"], indent=1, ensure_ascii=False), sep="\n")
        if compared["date_differs"]:
            differ = list(compared["date_differs"].items())
            print(f"\nPublication dates not the same (text -> {name}), {len(differ)}:")
            print("\n".join(f"  {stem}: {a} -> {b}" for stem, (a, b) in differ[:SHOWN]))
            print(f"  ... and {len(differ) - SHOWN} more (all in --out)" if len(differ) > SHOWN else "", end="")
        if not compared["same_round_days"]:
            days = compared["round_days_differ"]
            print(f"\nRounds not on the same days (text -> {name}):",
                  *(f"  {side}: {len(d)} days, {', '.join(d[:SHOWN])}" for side, d in days.items()), sep="\n")
        if result[name]["failures"]:
            print(f"\nFailed {name} files:", *result[name]["failures"], sep="\n  ")
    write_out(result, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
