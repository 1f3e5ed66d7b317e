"""Ingest of saved web pages against the same articles as text files, in-process, on SQLite.

    python -m tests.bench.pages [--n 500] [--seed 0] [--runs 1] [--keep DIR] [--out result.json]

Reporters save pages from the browser, and ingest reads such a page as its article
(store/extract/webpage.py: trafilatura finds the text, title and date, then the text goes
through the same extraction as a text file). That costs a parse of the whole page per file.
To know what it costs, the benchmark writes N articles with the benchmark corpus
(tests/bench/corpus.py), then the same N articles as pages saved from a news site: doctype,
<head> with title, meta tags, a stylesheet and a tracking script, a menu, the article (<h1>
and one <p> per paragraph), share links and a footer. Each folder is ingested into its own
fresh SQLite database in this process (after an untimed warm-up ingest, so the one-off costs
of a first run -- imports, compiled patterns, trafilatura's own start-up, timed apart -- fall on
neither side; ``--runs`` times in turn, the median reported), with wall and CPU seconds, files'
bytes, facts and failed files. Then ``article_text`` alone is timed over every page. Last, the
two databases are compared article by article: a page must give the facts of its text; its
publication date and the rounds found are compared too. Results in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from store.extract.article import ParsedArticle, parse_article
from tests.bench.corpus import generate
from tests.bench.run import log, percentile

WARM_UP = 20  # articles ingested, in both forms, before anything is timed

_STYLE = """body{margin:0;font:17px/1.6 Georgia,serif;color:#222}
header,footer{background:#111;color:#eee;padding:12px 24px}
nav ul{list-style:none;margin:0;padding:0;display:flex;gap:16px}
nav a,footer a{color:#eee;text-decoration:none}article{max-width:680px;margin:24px auto;padding:0 16px}
h1{font-size:34px;line-height:1.2}.share{display:flex;gap:12px;font:14px sans-serif}"""
_SCRIPT = """window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date()); gtag('config', 'G-XXXXXXX', {anonymize_ip: true});
document.addEventListener('DOMContentLoaded', function () {
  var b = document.querySelector('.cookie'); if (b && localStorage.getItem('ok')) { b.remove(); }
});"""
_WIRE_DATELINE = re.compile(r"\A[^,]{2,40}, \w+ \d{1,2} \([^)]*\) - ")
_MENU = ("Home", "World", "Politics", "Business", "Climate", "Opinion", "Video", "Podcasts")


def _headline(body: str) -> str:
    """A page always has a title; a text file often has none: its first sentence, cut short,
    without the wire dateline ("ROTTERDAM, July 1 (DPA) - ")."""
    first = _WIRE_DATELINE.sub("", body.strip().split("\n", 1)[0]).split(". ", 1)[0].rstrip(".")
    words = first.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def article_parts(raw: str) -> tuple[ParsedArticle, str, list[str]]:
    """What a page or document shows of ``raw`` (a corpus file): the file parsed, its title (the
    file's, else its first sentence cut short) and its paragraphs (the body's lines, stripped,
    without the file's headline line, which the page or document shows as its title)."""
    parsed = parse_article(raw)
    lines = [line.strip() for line in parsed.body.split("\n") if line.strip()]
    title = parsed.title or _headline(parsed.body)
    if lines and lines[0].lstrip("#").strip() == title:  # the file's headline line: the page's <h1>
        lines = lines[1:]
    return parsed, title, lines


def page_html(raw: str, stem: str) -> str:
    """The article of ``raw`` (a corpus file) as the page a browser saves: its text HTML-escaped,
    each line a paragraph (a Markdown ``##`` line a subheading), inside a news site's boilerplate.
    Title, date, url and outlet are the ones ``parse_article`` reads in the file. Where it has
    none, the title is its first sentence cut short and the url one of courier.example (which
    trafilatura then gives as the outlet); no date is added, the dates compared are the file's."""
    parsed, title, lines = article_parts(raw)
    site = parsed.outlet or "The Daily Courier"
    url = parsed.url or f"https://courier.example/news/{stem}"
    e = html.escape
    head = [f"<title>{e(title)}</title>",
            f'<meta property="og:title" content="{e(title)}">',
            '<meta property="og:type" content="article">',
            f'<link rel="canonical" href="{e(url)}">',
            f'<meta property="og:url" content="{e(url)}">']
    if parsed.outlet:
        head.append(f'<meta property="og:site_name" content="{e(parsed.outlet)}">')
    if parsed.published:
        stamp = dt.datetime.combine(parsed.published, dt.time(8, 30), dt.UTC).isoformat()
        head.append(f'<meta property="article:published_time" content="{stamp}">')
    body = [f"<h2>{e(line[2:].strip())}</h2>" if line.startswith("## ") else f"<p>{e(line)}</p>"
            for line in lines]
    share = "".join(f'<li><a href="https://{host}?url={e(url)}">{label}</a></li>' for host, label in
                    (("twitter.com/intent/tweet", "Share on X"), ("www.facebook.com/sharer/sharer.php", "Facebook"),
                     ("www.linkedin.com/shareArticle", "LinkedIn")))
    menu = "".join(f'<li><a href="/{item.lower()}">{item}</a></li>' for item in _MENU)
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">', *head,
        f"<style>{_STYLE}</style>", f"<script>{_SCRIPT}</script>", "</head>", "<body>",
        f'<header><a class="logo" href="/">{e(site)}</a>', f'<nav aria-label="Main"><ul>{menu}</ul></nav></header>',
        '<div class="cookie">We use cookies to improve your experience. <a href="/privacy">Settings</a></div>',
        "<main>", "<article>", f"<h1>{e(title)}</h1>", *body,
        f'<ul class="share">{share}<li><a href="mailto:?subject={e(title)}">Email</a></li></ul>', "</article>",
        '<aside><h3>Most read</h3><ul><li><a href="/world/1">Markets close higher</a></li>'
        '<li><a href="/climate/2">Heatwave warning for the weekend</a></li></ul></aside>', "</main>",
        f'<footer><p>© {site}</p><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>'
        '<li><a href="/terms">Terms of use</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>',
        "</body>", "</html>", ""])


def write_pages(text_files: list[Path], out_dir: Path) -> list[Path]:
    """One ``.html`` page per corpus file, same stem, in ``out_dir`` (created if missing)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = []
    for src in text_files:
        page = out_dir / f"{src.stem}.html"
        page.write_text(page_html(src.read_text(encoding="utf-8"), src.stem), encoding="utf-8", newline="\n")
        pages.append(page)
    return pages


def ingest_timed(folder: Path, db_file: Path) -> dict[str, Any]:
    """``Store.ingest(folder)`` into a fresh SQLite file: wall and CPU seconds, bytes, facts, failures."""
    from store.runtime import open_store
    from store.settings import Settings

    files = [p for p in folder.iterdir() if p.is_file()]
    store = open_store(Settings(database_url=f"sqlite:///{db_file}", seeds_dir=folder))
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        report = store.ingest(folder)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        store.close()
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files), "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 3), "articles_per_cpu_s": round(len(files) / cpu, 1) if cpu else None,
            "facts": report.facts, "failed": report.failed,
            "failures": [f"{f.path}: {f.reason}" for f in report.failures][:10]}


def stored(db_file: Path) -> dict[str, Any]:
    """What a database holds, by file stem (text and page of one article share it): the texts
    of the article's facts in article order, its publication date; and the rounds found."""
    from store.db import make_engine, session_factory
    from store.models import Article, ArticleFile, Fact, Round

    engine = make_engine(f"sqlite:///{db_file}")
    try:
        with session_factory(engine)() as s:
            dates = {Path(path).stem: published for path, published in s.execute(
                select(ArticleFile.path, Article.published).join(Article, Article.id == ArticleFile.article_id))}
            rows = s.execute(select(ArticleFile.path, Fact.text).join(Fact, Fact.article_id == ArticleFile.article_id)
                             .order_by(ArticleFile.path, Fact.position)).all()
            rounds = s.scalar(select(func.count()).select_from(Round)) or 0
    finally:
        engine.dispose()
    facts: dict[str, list[str]] = {}
    for path, text in rows:
        facts.setdefault(Path(path).stem, []).append(text)
    return {"facts": facts, "published": dates, "rounds": rounds}


def time_extraction(pages: list[Path]) -> dict[str, Any]:
    """``article_text`` alone, once per page (already imported and warmed): ms per page."""
    from store.extract.webpage import article_text

    samples = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        article_text(text)
        samples.append((time.perf_counter() - t0) * 1000)
    return {"pages": len(samples), "p50_ms": round(percentile(samples, 50), 2),
            "p99_ms": round(percentile(samples, 99), 2), "total_s": round(sum(samples) / 1000, 3)}


def _warm_up(text_files: list[Path], pages: list[Path], tmp: Path) -> float:
    """Ingest the first articles in both forms into a throwaway database; return the seconds
    that importing trafilatura took (paid once per process, by the first page)."""
    t0 = time.perf_counter()
    import trafilatura  # noqa: F401

    import_s = time.perf_counter() - t0
    warm_up({"text": text_files, "pages": pages}, tmp)
    return import_s


def warm_up(forms: dict[str, list[Path]], tmp: Path) -> None:
    """Ingest the first ``WARM_UP`` files of each form into a throwaway database of its own."""
    for name, files in forms.items():
        folder = tmp / f"warm-{name}"
        folder.mkdir()
        for f in files[:WARM_UP]:
            (folder / f.name).write_bytes(f.read_bytes())
        ingest_timed(folder, tmp / f"warm-{name}.sqlite")


def compare(text: dict[str, Any], pages: dict[str, Any]) -> dict[str, Any]:
    """Article by article: the same facts (else the first few lost and gained), the same date."""
    stems = sorted(set(text["published"]) | set(pages["published"]))
    same, examples = 0, []
    for stem in stems:
        a, b = text["facts"].get(stem, []), pages["facts"].get(stem, [])
        if a == b:
            same += 1
        elif len(examples) < 5:
            examples.append({"file": stem, "lost": list((Counter(a) - Counter(b)).elements()),
                             "gained": list((Counter(b) - Counter(a)).elements())})
    dated = [s for s in stems if text["published"].get(s) == pages["published"].get(s)]
    return {"articles": len(stems), "same_facts": same, "same_date": len(dated),
            "date_differs": {s: [str(text["published"].get(s)), str(pages["published"].get(s))]
                             for s in stems if s not in dated},
            "pages_without_facts": sorted(s for s in pages["published"] if not pages["facts"].get(s)),
            "rounds": [text["rounds"], pages["rounds"]], "differences": examples}


def ingest_runs(work_dir: Path, names: tuple[str, ...], runs: int) -> dict[str, dict[str, Any]]:
    """Ingest each folder ``work_dir / name`` ``runs`` times, the folders in turn, each time into
    a fresh database (``name.sqlite`` the first time, ``name-2.sqlite`` ...): the first run's
    figures with the median wall and CPU seconds, by name."""
    timed: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for run in range(runs):
        for name in names:
            log(f"ingest {name} ({run + 1} of {runs})")
            db_file = work_dir / (f"{name}.sqlite" if run == 0 else f"{name}-{run + 1}.sqlite")
            timed[name].append(ingest_timed(work_dir / name, db_file))
    out = {}
    for name, rows in timed.items():
        medians = {key: round(statistics.median(row[key] for row in rows), 3) for key in ("wall_s", "cpu_s")}
        cpu = medians["cpu_s"]
        out[name] = dict(rows[0], **medians, cpu_s_runs=[row["cpu_s"] for row in rows],
                         articles_per_cpu_s=round(rows[0]["files"] / cpu, 1) if cpu else None)
    return out


def bench_pages(n: int, work_dir: Path, seed: int = 0, runs: int = 1) -> dict[str, Any]:
    """Write both folders under ``work_dir``, ingest each into its own database (``runs``
    times, text and pages in turn, each time into a fresh one: the median is reported, a
    shared VM's CPU seconds vary by a quarter from one run to the next), time ``article_text``
    and compare the facts of the first run's databases."""
    t0 = time.perf_counter()
    text_files = generate(n, work_dir / "text", seed)
    pages = write_pages(text_files, work_dir / "pages")
    log(f"wrote {n} articles as text and as pages in {time.perf_counter() - t0:.1f}s")
    import_s = _warm_up(text_files, pages, work_dir)
    result: dict[str, Any] = {"n": n, "seed": seed, "runs": runs, "trafilatura_import_s": round(import_s, 3)}
    result.update(ingest_runs(work_dir, ("text", "pages"), runs))
    log("article_text alone")
    result["article_text"] = time_extraction(pages)
    result["compared"] = compare(stored(work_dir / "text.sqlite"), stored(work_dir / "pages.sqlite"))
    text, page = result["text"], result["pages"]
    result["ratio"] = {key: round(page[key] / text[key], 2) if text[key] else None
                       for key in ("wall_s", "cpu_s", "bytes", "facts")}
    return result


def table(result: dict[str, Any]) -> str:
    text, page, ratio, ext = result["text"], result["pages"], result["ratio"], result["article_text"]

    def row(label: str, key: str, fmt: str = "{}") -> str:
        return f"| {label} | {fmt.format(text[key])} | {fmt.format(page[key])} | {ratio.get(key) or '-'} |"

    per_cpu = (round(page["articles_per_cpu_s"] / text["articles_per_cpu_s"], 2)
               if text["articles_per_cpu_s"] and page["articles_per_cpu_s"] else "-")
    same = result["compared"]
    runs = f"; seconds: median of {result['runs']} runs" if result["runs"] > 1 else ""
    return "\n".join([
        f"| N = {result['n']} (seed {result['seed']}{runs}) | text files | saved pages | pages / text |",
        "|---|---:|---:|---:|",
        row("bytes read", "bytes", "{:,}"),
        row("wall s", "wall_s"),
        row("CPU s", "cpu_s"),
        f"| articles per CPU-second | {text['articles_per_cpu_s']} | {page['articles_per_cpu_s']} | {per_cpu} |",
        row("facts stored", "facts"),
        row("failed files", "failed"),
        f"| articles with the same facts as their text | | {same['same_facts']} of {same['articles']} | |",
        f"| articles with the same publication date | | {same['same_date']} of {same['articles']} | |",
        f"| rounds found | {same['rounds'][0]} | {same['rounds'][1]} | |",
        f"| `article_text` per page, p50 / p99 ms | | {ext['p50_ms']} / {ext['p99_ms']} | |",
        f"| trafilatura import (once per process) s | | {result['trafilatura_import_s']} | |",
    ])


def run_from_command_line(argv: list[str] | None, prog: str, description: str,
                          bench: Callable[[int, Path, int, int], dict[str, Any]]) -> tuple[dict[str, Any], Path | None]:
    """The options this benchmark and tests/bench/documents.py share: run ``bench`` in a
    temporary folder or in ``--keep``; the results and the ``--out`` path."""
    ap = argparse.ArgumentParser(prog=prog, description=description)
    ap.add_argument("--n", type=int, default=500, help="articles (default 500)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--runs", type=int, default=1, help="ingests of each folder, median reported (default 1)")
    ap.add_argument("--keep", type=Path, help="write the folders and databases here and keep them")
    ap.add_argument("--out", type=Path, help="also write the results here as JSON")
    args = ap.parse_args(argv)
    if args.n < 1 or args.runs < 1:
        ap.error("--n and --runs must be at least 1")
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        ap.error(f"--keep: {args.keep} is not empty (the databases must be fresh)")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return bench(args.n, args.keep, args.seed, args.runs), args.out
    with tempfile.TemporaryDirectory(prefix=f"factdesk-{prog.rsplit('.', 1)[-1]}-") as tmp:
        return bench(args.n, Path(tmp), args.seed, args.runs), args.out


def write_out(result: dict[str, Any], out: Path | None) -> None:
    if out:
        out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    result, out = run_from_command_line(argv, "python -m tests.bench.pages", __doc__.split("\n\n")[0], bench_pages)
    print(table(result))
    compared = result["compared"]
    if compared["differences"]:
        print("\nFacts not the same (text -> page):", json.dumps(compared["differences"], indent=1,
                                                                 ensure_ascii=False), sep="\n")
    if compared["date_differs"]:
        print("\nPublication dates not the same (text -> page):")
        print("\n".join(f"  {stem}: {a} -> {b}" for stem, (a, b) in compared["date_differs"].items()))
    write_out(result, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
