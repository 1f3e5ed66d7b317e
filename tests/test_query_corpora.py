"""The hand-written corpora (tests/corpora/*): answers checked against their gold.toml files.

Expected values are read from gold.toml with tomllib, never copied into this file. Matching
follows /work/shared/eval/score.py: accents and typographic quotes folded, lower case.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from store.answers import Answer
from store.runtime import Store
from tests.conftest import CORPORA, assert_citations_hold, copy_folder

NAMES = sorted(p.name for p in CORPORA.iterdir() if (p / "gold.toml").is_file())


def gold_of(name: str) -> dict[str, Any]:
    return tomllib.loads((CORPORA / name / "gold.toml").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"),
                 ("\u2014", "-"), ("\u00a0", " ")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip()


def matches(text: str, groups: list[list[str]]) -> bool:
    return any(all(norm(word) in text for word in group) for group in groups)


def ingest(make_store: Callable[..., Store], name: str, tmp_path: Path) -> tuple[Store, dict[str, Any], Path]:
    """The corpus ingested into a new store; with the story file beside it (``story.toml``), if any, as a
    newsroom covering that story would set ``FACTDESK_STORY_FILE``."""
    story = CORPORA / name / "story.toml"
    store = make_store(story_file=story) if story.is_file() else make_store()
    folder = copy_folder(CORPORA / name / "articles", tmp_path / name)
    report = store.ingest(folder)
    assert report.failed == 0 and report.new == len(list(folder.iterdir()))
    return store, gold_of(name), folder


# Checks of the fixture's tests a corpus is known to fail, by test and corpus. Strict: the day one passes,
# its entry must go.
_KNOWN = {("test_round_answers", "coalition_talks"): "a preview published five days after round 1 ('a memo "
          "written before the first round ... the two parties resume their negotiations on Monday') is taken for "
          "a report of round 1, the round of the week before it (see tests/corpora/README.md)"}
# trade_dispute_us: its last round, opened in Phoenix and moved the next day to Cedar Ridge, has Phoenix for its
# city (see tests/corpora/README.md)
_TWO_CITIES = ("the round that moved from Phoenix to Cedar Ridge overnight is a Phoenix round too: 'the Phoenix "
               "round' lists rounds 1 and 4 (see tests/corpora/README.md)")
_KNOWN[("test_a_round_named_by_its_city", "trade_dispute_us")] = _TWO_CITIES
# cycle_talks: its rounds ("cycles") last up to twelve days, each day with its own copy: one cycle is several
# rounds, and every number after it is off (see tests/corpora/README.md)
_LONG_CYCLES = ("a cycle of twelve days ('ran from March 3 to March 14', '12-day round', 'since 17 January') is "
                "several rounds, one per day its copy reports (see tests/corpora/README.md)")
_KNOWN |= {(test, "cycle_talks"): _LONG_CYCLES for test in (
    "test_timeline_dates", "test_round_answers", "test_other_phrasings")}


@pytest.fixture(params=NAMES)
def corpus(request: pytest.FixtureRequest, make_store: Callable[..., Store],
           tmp_path: Path) -> tuple[Store, dict[str, Any], Path]:
    if reason := _KNOWN.get((request.function.__name__, request.param)):
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=reason))
    return ingest(make_store, request.param, tmp_path)


def test_there_are_corpora() -> None:
    assert len(NAMES) >= 2


def test_timeline_dates(corpus: tuple[Store, dict[str, Any], Path]) -> None:
    store, gold, _ = corpus
    answer = store.query.ask(gold["timeline"]["query"])
    assert [r.date.isoformat() for r in answer.rounds] == gold["timeline"]["dates"]
    # the outlets' numbers: maritime_fisheries joins a series at its fifth round
    assert [r.number for r in answer.rounds] == [rnd["number"] for rnd in sorted(gold["round"],
                                                                                 key=lambda rnd: rnd["date"])]


def test_help_speaks_of_this_story(corpus: tuple[Store, dict[str, Any], Path]) -> None:
    """Help's examples are this story's names, and each is answered; the sample story's name heads no
    answer of a corpus that has no story file (it showed "Zelensky" and "Russia–Ukraine direct talks")."""
    store, _, folder = corpus
    story = CORPORA / folder.name / "story.toml"
    told = tomllib.loads(story.read_text(encoding="utf-8")) if story.is_file() else {}
    name, label = told.get("name", "Factdesk"), told.get("event_label", "Round").lower()
    answer = store.query.ask("help")
    assert answer.title == f"{name}: what you can ask"
    # "sitting 3" where rounds are sittings; the latest round, which the store has (maritime_fisheries' rounds
    # are 5 to 7: "round 2" was no round of it)
    latest = max(r.number for r in store.query.ask("timeline").rounds)
    assert f"`/talks {label} {latest}`" in (answer.message or "")
    assert store.query.ask("timeline").title == f"{name}: timeline"
    assert "Zelensky" not in (answer.message or "") and "ceasefire" not in (answer.message or "")
    examples = re.findall(r"`/talks ([^`]+)`", answer.message or "")
    assert len(examples) >= 15
    for example in examples:
        shown = store.query.ask(example)
        assert shown.kind not in ("not_understood", "help"), (example, shown.message)
        past_the_end = (shown.page or 1) > 1 and "There is no page" in (shown.message or "")
        assert shown.facts or shown.rounds or shown.items or past_the_end, example


def test_a_round_named_by_its_city(corpus: tuple[Store, dict[str, Any], Path]) -> None:
    """ "the Aurenza round" was "Not understood: which round?". A city of one round gets that round; a city
    of several lists them; a word that is no city is not understood. Cities from gold.toml; a corpus whose
    round cities are a known failure (_CITY_UNNAMED) is asked only of the other word."""
    store, gold, folder = corpus
    for city in {norm(r["city"]) for r in gold["round"] if r["city"]} if folder.name not in _CITY_UNNAMED else ():
        numbers = sorted(r["number"] for r in gold["round"] if norm(r["city"]) == city)
        answer = store.query.ask(f"the {city} round")
        if len(numbers) == 1:
            assert (answer.kind, answer.round and answer.round.number) == ("round", numbers[0]), city
        else:
            assert answer.kind == "timeline" and [r.number for r in answer.rounds] == numbers, city
    assert store.query.ask("the ceasefire round").kind == "not_understood"


def test_round_answers(corpus: tuple[Store, dict[str, Any], Path]) -> None:
    """Right round and date; no keyword of another round in the top facts; every citation holds."""
    store, gold, folder = corpus
    for rnd in gold["round"]:
        answer = store.query.ask(rnd["query"])
        assert answer.kind == "round" and answer.round is not None, rnd["query"]
        assert (answer.round.number, answer.round.date.isoformat()) == (rnd["number"], rnd["date"])
        top = answer.facts[:gold.get("top_k", 8)]
        wrong = [f.text for f in top if matches(norm(f.text), rnd.get("never", []))]
        assert not wrong, f"{rnd['query']}: facts of another round: {wrong}"
        assert_citations_hold(answer, folder)


def test_other_phrasings(corpus: tuple[Store, dict[str, Any], Path]) -> None:
    store, gold, _ = corpus
    assert gold.get("query")
    for item in gold["query"]:
        answer = store.query.ask(item["query"])
        top = answer.facts[:gold.get("top_k", 8)]
        if "round" in item:
            assert answer.round is not None and answer.round.number == item["round"], item["query"]
        if "terms" in item:
            hits = sum(matches(norm(f"{f.text} {f.speaker or ''}"), item["terms"]) for f in top)
            assert top and hits / len(top) >= item.get("share", 0.8), item["query"]


def duplicates(answer: Answer, gold: dict[str, Any]) -> list[tuple[str, str]]:
    texts = [norm(f.text) for f in answer.facts[:gold.get("top_k", 8)]]
    out = []
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            for same in gold.get("same", []):
                if (all(norm(w) in a for w in same["a"]) and all(norm(w) in b for w in same["b"])) or \
                        (all(norm(w) in a for w in same["b"]) and all(norm(w) in b for w in same["a"])):
                    out.append((a[:70], b[:70]))
                    break
    return out


# Paraphrases with no words in common that fuzzy matching can see: water_sharing's round 1 leads,
# "share real-time flow data from 14 gauging stations" and "exchange live river-flow readings". Strict:
# the day they fold, this marker must go.
_UNSEEN_PARAPHRASE = {"water_sharing": "two leads tell one agreement in other words (see tests/corpora/README.md)",
                      "cycle_talks": "two outlets tell the ceasefire's six months in other words ('a six-month "
                                     "bilateral ceasefire' / 'Point 1. ... for 180 days') (see "
                                     "tests/corpora/README.md)",
                      "farm_talks": "a wrap's lead packs two of round 8's terms in one sentence ('... agreeing to "
                                    "withdraw about 2,800 FIRs ... and to drop penalties for parali (stubble) "
                                    "burning') that another outlet tells apart (see tests/corpora/README.md)",
                      "port_strike": "an analysis's recap packs three of the deal's terms in one sentence, and "
                                     "'the first time ... since the strike began' retells 'the first face-to-face "
                                     "talks since ... walked out' (see tests/corpora/README.md)",
                      "datacentre_water": "a preview's recap of round 2 ('came within sight of a deal ... 1.8 "
                                          "million litres') beside the wire's sentence of the figure (see "
                                          "tests/corpora/README.md)",
                      "rail_link": "an explainer's recaps pack a round's venue and outcome in one sentence ('first "
                                   "met at Granholm Manor ..., where they agreed only to set up a commission of "
                                   "engineers') beside the wire's sentence of the outcome (see "
                                   "tests/corpora/README.md)",
                      "teachers_pay": "two outlets' leads tell round 1's end in other words ('ended without "
                                      "agreement ... after six hours', 'ended on Tuesday evening with no deal'); the "
                                      "ministry's PDF tells round 3's deal with its date, the wire with its hours (see "
                                      "tests/corpora/README.md)",
                      "coalition_talks": "two outlets' leads tell round 1 in other words ('spent six hours at "
                                         "the Rosenlund Manor' / 'held their first formal coalition talks') (see "
                                         "tests/corpora/README.md)",
                      "nuclear_talks": "two outlets' leads tell rounds 1 and 4 in other words ('held their first "
                                       "round of indirect nuclear talks' / 'sat in separate rooms of a palace'), and "
                                       "a recap box's bullet retells round 1's demand (see tests/corpora/README.md)",
                      "border_commission": "a live page's 'reminder of where things stand' and an explainer's "
                                           "bullet retell the first sitting's survey and building freeze in other "
                                           "words (see tests/corpora/README.md)",
                      "arbitration_talks": "two outlets' leads tell each session in other words ('the first session "
                                           "... lasted about seven hours' / 'the first sitting ... ended with the two "
                                           "sides as far apart'; 'hundreds of nurses marched' / 'around 1,200 "
                                           "nurses have marched') (see tests/corpora/README.md)"}
# A round whose city its copy names only in passing or in plans. Strict, as above.
_CITY_UNNAMED = {"port_strike": "round 2's articles name Dunmarra once, in "
                                "passing, and Valbrook twice, as the next round's city (see tests/corpora/README.md)",
                 "coalition_talks": "round 3's venue is 'the party's offices on Kanalgade', no venue by name (see "
                                    "tests/corpora/README.md)",
                 "datacentre_water": "round 3's venue is one Dutch word ('the Kornhuis') its own copy names "
                                     "without saying what it is (see tests/corpora/README.md)",
                 "cycle_talks": _LONG_CYCLES}


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=_UNSEEN_PARAPHRASE[n])) if n in _UNSEEN_PARAPHRASE
    else n for n in NAMES])
def test_no_gold_duplicate_pair_is_shown_twice(make_store: Callable[..., Store], tmp_path: Path, name: str) -> None:
    """trade_talks' "closed two chapters" and "two of the 14 (outstanding) chapters ..." count the same two
    chapters (a partitive is a figure of its part); markdown_frontmatter's "after about five hours" and "the
    five-hour session" the same hours."""
    store, gold, _ = ingest(make_store, name, tmp_path)
    found = {rnd["query"]: duplicates(store.query.ask(rnd["query"]), gold) for rnd in gold["round"]}
    assert not any(found.values()), found


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=_CITY_UNNAMED[n])) if n in _CITY_UNNAMED
    else n for n in NAMES])
def test_round_venue_and_city(make_store: Callable[..., Store], tmp_path: Path, name: str) -> None:
    store, gold, _ = ingest(make_store, name, tmp_path)
    wrong = []
    for rnd in gold["round"]:
        info = store.query.ask(rnd["query"]).round
        assert info is not None
        place = norm(f"{info.venue or ''} {info.city or ''}")
        if not all(norm(v) in place for v in rnd.get("venue", [])) or norm(rnd.get("city", "")) not in place:
            wrong.append((rnd["number"], info.venue, info.city))
    assert not wrong
