"""Which items of a news roundup are the story's.

A daily briefing tells five stories, one paragraph each under a label in capitals ("PERU — ...",
"EU/JAPAN — Negotiators ... ended a third round of talks ..."). Extraction marks each item
(store/extract/pipeline.roundup_sections) but cannot tell which is the story: only the store knows
the names the story's other articles use. An item whose names the other articles share is the
story's; the others are facts of no round (anchor ``elsewhere``): still found by a search, never
shown as the round's, never evidence that a round took place. The EU–Japan talks' "third round"
had been a fact, and a vote for the number, of the round the briefing's own item reported.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.extract.pipeline import ExtractedFact
from store.models import Article, Fact
from store.search import text_match
from store.text import words

ELSEWHERE = "elsewhere"
MIN_SHARED_NAMES = 2  # below this, no item is known to be the story's: all are kept


def _names(facts: list[ExtractedFact]) -> set[str]:
    """The people (by surname: spellings of first names vary), places and bodies an item names."""
    out: set[str] = set()
    for f in facts:
        out |= {p.split()[-1] for p in f.people if p.split()} | set(f.places) | set(f.organisations)
    return out


def _shared(session: Session, article_id: int, name: str) -> bool:
    """Whether another live article names ``name`` (every word of it, in one fact)."""
    terms = [{w} for w in words(name)]
    if not terms:
        return False
    return session.execute(select(Fact.id).join(Article).where(
        text_match(session, terms), Fact.article_id != article_id, Article.withdrawn_at.is_(None)).limit(1)).first() \
        is not None


def place_other_stories(session: Session, article_id: int, facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """``facts`` with those of the roundup's other stories made facts of no round. An item is the
    story's when it shares at least half as many names with the other articles as the item sharing
    most; with fewer than MIN_SHARED_NAMES shared anywhere (the roundup came first), nothing moves."""
    items: dict[int, list[ExtractedFact]] = defaultdict(list)
    for f in facts:
        if f.section is not None:
            items[f.section].append(f)
    if not items:
        return facts
    shared = {item: sum(_shared(session, article_id, n) for n in _names(its)) for item, its in items.items()}
    best = max(shared.values())
    if best < MIN_SHARED_NAMES:
        return facts
    others = {item for item, n in shared.items() if 2 * n < best}
    return [dataclasses.replace(f, anchor=ELSEWHERE, anchor_reason="another story of a roundup", event_date=None,
                                ordinal=None, strong=False) if f.section in others else f for f in facts]
