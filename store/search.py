"""Full-text matching of facts for topic questions, on whichever database is behind the store.

SQLite uses the FTS5 table and PostgreSQL the GIN index created by migration 0003;
anything else falls back to LIKE. Each term is a set of spellings (any may match), and
every term must match; words match by prefix, so "prisoner" finds "prisoners" (tier tokens,
below, match exactly, and so do words shorter than WHOLE_BELOW: "EU" is not "Europe", "UN"
not "under"). A dotted abbreviation ("u.s") matches "U.S." as each database tokenises it.

Every fact's search text also carries one *salience tier* token (:func:`tier_token`). An
answer reads the best :data:`store.query.CANDIDATES` matches by salience; asking first for
the matches in the top tiers only (``min_tier``, :data:`store.query.TIER_STEPS`) reads a
fraction of the rows where a common word matches tens of thousands, and gives the same facts
whenever those hold enough: every fact left out has a lower salience than every fact read.
SQLite asks FTS5 for the tier tokens; PostgreSQL reads a partial index per step.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import ColumnElement, Integer, and_, bindparam, column, or_, text
from sqlalchemy.orm import Session

from store.models import Fact

_TOKEN = re.compile(r"[a-z0-9]+")

SALIENCE_TIERS = (3.0, 2.5, 2.0, 1.5, 1.0, 0.5)  # lower bounds, best first; below the last: tier 0
TIER_PREFIX = "qxtier"  # no word of a question starts like this
DAY_PREFIX = "qxday"  # a day a fact names, "qxday20260708": a day's answer finds plans for it
MONTH_PREFIX = "qxmonth"  # a month a fact names, "qxmonth202503": a month's answer finds "a truce in March"
WHOLE_BELOW = 3  # characters: a shorter word is an acronym or a number, matched whole
_DOTTED = re.compile(r"(?:[a-z0-9]\.)+[a-z0-9]")  # "u.s", "u.k": an abbreviation written with dots
# The past of verbs that do not add -ed: a search for "lead" also looks for "led", and one for
# "met" for "meet" (store/terms.py). Each past form is matched whole: "met" is not "metres".
PAST_FORMS = {"led": "lead", "met": "meet", "held": "hold", "took": "take", "taken": "take", "sought": "seek",
              "brought": "bring", "fought": "fight", "struck": "strike", "won": "win", "lost": "lose",
              "gave": "give", "given": "give", "sent": "send", "spoke": "speak", "spoken": "speak", "made": "make",
              "began": "begin", "begun": "begin", "broke": "break", "broken": "break", "chose": "choose",
              "chosen": "choose", "drew": "draw", "drawn": "draw", "fell": "fall", "kept": "keep", "paid": "pay",
              "rose": "rise", "sold": "sell", "stood": "stand", "withdrew": "withdraw", "withdrawn": "withdraw",
              "froze": "freeze", "frozen": "freeze", "swore": "swear", "sworn": "swear", "threw": "throw",
              "thrown": "throw", "wrote": "write", "written": "write"}
# Abbreviations searched for other words that start ordinary words: "pow" (a prisoner of war) is
# no search for "power" ("officials with no real decision-making power" was a fact about prisoners)
WHOLE_WORDS = frozenset({"pow", "pows", *PAST_FORMS})


def matched_whole(phrase: str) -> bool:
    """Matched whole, not as a prefix: a tier or day token, a dotted abbreviation ("u.s"), one of
    WHOLE_WORDS, or a phrase ending in a short word ("u s", "eu")."""
    return (phrase.startswith((TIER_PREFIX, DAY_PREFIX)) or len(phrase.rsplit(" ", 1)[-1]) < WHOLE_BELOW
            or phrase in WHOLE_WORDS or _DOTTED.fullmatch(phrase) is not None)


def tier_of(salience: float) -> int:
    """6 for the most salient facts ... 0 for the least (see SALIENCE_TIERS)."""
    for i, bound in enumerate(SALIENCE_TIERS):
        if salience >= bound:
            return len(SALIENCE_TIERS) - i
    return 0


def tier_token(salience: float) -> str:
    return f"{TIER_PREFIX}{tier_of(salience)}"


def day_token(day: dt.date) -> str:
    return f"{DAY_PREFIX}{day:%Y%m%d}"


def month_token(year: int, month: int) -> str:
    return f"{MONTH_PREFIX}{year:04d}{month:02d}"


def tier_bound(tier: int) -> float:
    """The lowest salience of ``tier`` (1 .. 6)."""
    return SALIENCE_TIERS[len(SALIENCE_TIERS) - tier]


def tiers_from(tier: int) -> set[str]:
    """A search term matching the facts of ``tier`` and every better one."""
    return {f"{TIER_PREFIX}{t}" for t in range(tier, len(SALIENCE_TIERS) + 1)}


def _prefix_free(variants: set[str]) -> set[str]:
    """A term's spellings without those another one already matches as a prefix: "emission"
    finds every "emissions", and the index need not be searched twice (PostgreSQL's GIN scan
    for a common word's two spellings was a third of a topic answer at 100k articles)."""
    words = {v for v in variants if _TOKEN.fullmatch(v) and not matched_whole(v)}  # "pow" is no prefix of "pows"
    return {v for v in variants if v not in words or not any(w != v and v.startswith(w) for w in words)}


def _fts5(terms: list[set[str]]) -> str:
    groups = []
    for variants in terms:
        phrases = [" ".join(_TOKEN.findall(v)) for v in variants]
        groups.append("(" + " OR ".join(f'"{p}"' if matched_whole(p) else f'"{p}"*'
                                        for p in phrases if p) + ")")
    return " AND ".join(groups)


def _tsquery(terms: list[set[str]]) -> str:
    groups = []
    for variants in terms:
        # PostgreSQL's parser keeps "u.s." as the one token "u.s"; FTS5 splits it, as _TOKEN does
        phrases = [v if _DOTTED.fullmatch(v) else " <-> ".join(_TOKEN.findall(v)) for v in variants]
        groups.append("(" + " | ".join(p if matched_whole(p) else f"{p}:*" for p in phrases if p) + ")")
    return " & ".join(groups)


def text_match(session: Session, terms: list[set[str]], min_tier: int = 0) -> ColumnElement[bool]:
    """A WHERE condition: the fact's search text matches every term (one of its spellings),
    and with ``min_tier`` the fact is of that salience tier or a better one.

    The tier is asked for where it is cheapest: on SQLite as tier tokens in the FTS5 query
    (FTS5 skips through their lists); on PostgreSQL as ``salience >= bound`` written out, the
    predicate of a partial GIN index holding only those facts (migration 0009). A GIN index
    reads every posting list of a query whole, and the tier tokens' lists are a tenth of the
    store: the partial index reads the words' entries among the salient facts alone.
    """
    terms = [_prefix_free(t) for t in terms if any(_TOKEN.search(v) for v in t)]
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        if min_tier:
            terms = [*terms, tiers_from(min_tier)]
        if not terms:
            return and_(True)
        return Fact.id.in_(text("SELECT rowid FROM facts_fts WHERE facts_fts MATCH :fts")
                           .bindparams(bindparam("fts", _fts5(terms))).columns(column("rowid", Integer)))
    # a literal, not a parameter: PostgreSQL matches it against the partial index's predicate
    tier = text(f"facts.salience >= {tier_bound(min_tier)!r}") if min_tier else and_(True)
    if not terms:
        return tier
    if dialect == "postgresql":
        return and_(tier, text("to_tsvector('simple', facts.search_text) @@ to_tsquery('simple', :tsq)").bindparams(
            bindparam("tsq", _tsquery(terms))))
    return and_(tier, *[or_(*[Fact.search_text.contains(v) for v in t]) for t in terms])
