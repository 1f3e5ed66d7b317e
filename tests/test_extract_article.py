"""Step 1 (store/extract/article.py): metadata and body from the three shapes of file."""

from __future__ import annotations

import datetime as dt

from store.extract.article import parse_article
from tests.conftest import DAM_TALKS


def test_wire_date_line_runs_into_the_text() -> None:
    raw = " date 2024-04-09 Arventa and Belostia held talks on Tuesday.\nThe delegations agreed on data sharing."
    parsed = parse_article(raw)
    assert parsed.published == dt.date(2024, 4, 9)
    assert parsed.date_source == "header"
    assert parsed.body.startswith("Arventa and Belostia held talks")
    assert raw[parsed.body_offset:] == parsed.body
    assert parsed.title is None  # the first line is a sentence, not a headline


def test_headline_after_the_date_line_becomes_the_title() -> None:
    raw = (DAM_TALKS / "001_wire_round1.txt").read_text(encoding="utf-8")
    parsed = parse_article(raw)
    first_line = raw.split("\n", 1)[0]
    assert parsed.published == dt.date(2024, 4, 10)
    assert parsed.title is not None and first_line.endswith(parsed.title)
    assert raw[parsed.body_offset:] == parsed.body


def test_an_impossible_date_line_is_reported_not_trusted() -> None:
    parsed = parse_article(" date 2024-13-45 The talks ended without a deal on Monday.")
    assert parsed.published is None
    assert parsed.date_source == "unknown"
    assert "2024-13-45" in (parsed.date_reason or "")


def test_front_matter_gives_title_date_outlet_and_url() -> None:
    raw = (DAM_TALKS / "003_geneva_round3.md").read_text(encoding="utf-8")
    parsed = parse_article(raw)
    assert parsed.date_source == "front_matter"
    assert parsed.published == dt.date(2024, 6, 5)
    assert parsed.title == "Dam deal within reach after third round"
    assert parsed.outlet == "Riverside Courier"
    assert parsed.url == "https://courier.example/2024/06/05/dam-deal"
    assert "title:" not in parsed.body and "---" not in parsed.body
    # the body offset points into the raw file, so fact offsets can be made file offsets
    assert raw[parsed.body_offset:parsed.body_offset + len(parsed.body)] == parsed.body


def test_front_matter_accepts_published_and_source_keys() -> None:
    raw = "---\npublished: 2023-11-02\nsource: Harbour Gazette\n---\nThe ferry strike ended after talks on Wednesday.\n"
    parsed = parse_article(raw)
    assert parsed.published == dt.date(2023, 11, 2)
    assert parsed.outlet == "Harbour Gazette"
    assert parsed.date_source == "front_matter"


def test_front_matter_without_a_date_leaves_the_date_unknown() -> None:
    parsed = parse_article("---\ntitle: Undated\n---\nThe ferry strike ended after talks on Wednesday.\n")
    assert parsed.published is None
    assert parsed.date_source == "unknown"
    assert parsed.title == "Undated"


def test_malformed_front_matter_keeps_the_whole_text() -> None:
    raw = "---\ntitle: [unclosed\n---\nThe ferry strike ended after talks on Wednesday.\n"
    parsed = parse_article(raw)
    assert parsed.body == raw and parsed.body_offset == 0
    assert parsed.published is None


def test_plain_text_has_no_metadata() -> None:
    raw = (DAM_TALKS / "002_ankara_round2_undated.txt").read_text(encoding="utf-8")
    parsed = parse_article(raw)
    assert parsed.body == raw and parsed.body_offset == 0
    assert parsed.published is None and parsed.date_source == "unknown"
    assert parsed.title is None  # the first line ends with a full stop: a sentence, not a headline
