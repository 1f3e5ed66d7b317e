"""Smoke test of the Word and PDF benchmark: a dozen articles, SQLite, three folders.

What it checks is what the documents give of their article, compared with the text file:

* Word: the same publication dates, the same rounds (days and cities), and every fact of the
  text, in the same order, and no other: the title is the article's title, not a fact.
* PDF: every file is read, with the text's dates and rounds and every fact of the text; what it
  adds is at most a piece of the title, where the title set large wraps in a way that does not
  join back into the document's title property.

No time thresholds: speed is what the benchmark reports.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.bench.documents import FORMS, bench_documents, rounds_found, table
from tests.bench.pages import article_parts, stored

N = 12


def test_documents_give_the_facts_dates_and_rounds_of_their_text(tmp_path: Path) -> None:
    result = bench_documents(N, tmp_path)

    for name in FORMS:
        assert result[name]["files"] == N and result[name]["failed"] == 0, result[name]["failures"]
        assert result[name]["facts"] > N
    assert {p.suffix for p in (tmp_path / "docx").iterdir()} == {".docx"}
    assert {p.suffix for p in (tmp_path / "pdf").iterdir()} == {".pdf"}
    text, docx, pdf = (stored(tmp_path / f"{name}.sqlite") for name in FORMS)
    titles = {p.stem: article_parts(p.read_text(encoding="utf-8"))[1] for p in (tmp_path / "text").iterdir()}
    assert set(text["facts"]) == set(docx["facts"]) == set(pdf["facts"]) == set(titles)

    # Word: the text's dates, rounds and facts, no more
    assert docx["published"] == text["published"] and docx["facts"] == text["facts"]
    assert rounds_found(tmp_path / "docx.sqlite") == rounds_found(tmp_path / "text.sqlite")
    compared = result["compared"]["docx"]
    assert compared["facts_matched"] == compared["text_facts"] == result["text"]["facts"]
    assert compared["same_facts"] == N and compared["title_only"] == 0

    # PDF: the text's dates, rounds and facts; at most a piece of the title besides
    assert pdf["published"] == text["published"]
    assert rounds_found(tmp_path / "pdf.sqlite") == rounds_found(tmp_path / "text.sqlite")
    for stem, facts in text["facts"].items():
        gained = Counter(pdf["facts"][stem]) - Counter(facts)
        assert not Counter(facts) - Counter(pdf["facts"][stem]), stem
        assert all(titles[stem].startswith(f.rstrip("…")) for f in gained), (stem, gained)
    compared = result["compared"]["pdf"]
    assert compared["facts_matched"] == compared["text_facts"]

    assert result["document_text"]["docx"]["documents"] == result["document_text"]["pdf"]["documents"] == N
    assert all(0 < t["p50_ms"] <= t["p90_ms"] for t in result["document_text"].values())
    assert "| facts stored | " in table(result)
