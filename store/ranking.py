"""Candidate facts -> the groups an answer shows, in the order it shows them.

Ranking is extractive: a fact's static salience (store/extract/pipeline.py) plus how
many independent articles state it. The page is then picked greedily with a penalty
for facts too close to one already picked (maximal marginal relevance), so eight
bullets say eight things; a fact close enough to count as the same one is folded into
it as a further citation instead of shown twice.

Answers (store/query.py) and digests (store/digests.py) both rank here; nothing here
reads the database.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import Row

from store.answers import Corroboration, FactItem, Source
from store.dedupe import NAMES_ONLY, SAME_SHOWN, WINDOW_DAYS, figure_signatures, similarity, who_words
from store.models import Article, Fact
from store.rounds import names_venue, venue_weight
from store.story import Story
from store.text import _QUOTES, fold

CITED_PER_FACT = 5  # a fact thirty outlets told cites the first five; FactItem.n_sources counts them all
SAME_TEXT = 90  # rapidfuzz ratio from which two sentences are the same words (cite both for one text)
DIVERSITY = 1.5  # how hard the ranking pushes away from facts already picked
SPREAD = 0.15  # what each pick of a moment beyond its second costs the next of it, in an answer over the story


class CandidateFact:
    """A candidate fact as read by an answer: the columns of ``store.query.FACT_COLUMNS``, the JSON lists
    decoded on first use (most candidates are ranked and never shown)."""

    __slots__ = ("id", "article_id", "text", "key", "salience", "group_id", "effective_date", "event_date",
                 "speaker", "attribution", "background", "_json", "_lists")

    def __init__(self, row: Row) -> None:
        (self.id, self.article_id, self.text, self.key, self.salience, self.group_id, self.effective_date,
         self.event_date, self.speaker, self.attribution, people, places, figures, background) = row
        self.background = bool(background)
        self._json = (people, places, figures)
        self._lists: list[list[Any] | None] = [None, None, None]

    def _list(self, i: int) -> list[Any]:
        value = self._lists[i]
        if value is None:
            raw = self._json[i]
            value = self._lists[i] = (json.loads(raw) if raw else None) or []
        return value

    @property
    def people(self) -> list[Any]:
        return self._list(0)

    @property
    def places(self) -> list[Any]:
        return self._list(1)

    @property
    def figures(self) -> list[Any]:
        return self._list(2)


@dataclass
class Candidate:
    """One candidate fact. ``fact`` and ``article`` are read by attribute only, so ORM objects
    (digests) and plain column rows (answers) both fit; answers attach ``article`` and ``file``
    only to the rows they show (:meth:`QueryService._attach`)."""

    fact: Fact | CandidateFact
    article: Article | Row | None = None
    file: str = ""


class Group:
    """Near-duplicate facts shown as one. The representative and the article count are
    computed once and again only when rows are merged in: ranking reads them many times."""

    __slots__ = ("rows", "_rep", "_n", "cited", "shown")

    def __init__(self, rows: list[Candidate] | None = None) -> None:
        self.rows: list[Candidate] = rows if rows is not None else []
        self._rep: Candidate | None = None
        self._n = 0
        self.cited: list[Candidate] | None = None  # chosen before articles are read: QueryService._attach_cited
        self.shown: Candidate | None = None  # set by rank() when a fuller telling is folded in

    def merge(self, other: Group) -> None:
        self.rows.extend(other.rows)
        self._rep, self._n = None, 0

    @property
    def rep(self) -> Candidate:
        """The row the bullet shows: the most salient, unless rank() chose a fuller telling."""
        if self.shown is not None:
            return self.shown
        if self._rep is None:
            self._rep = max(self.rows, key=lambda r: (r.fact.salience, -r.fact.article_id))
        return self._rep

    @property
    def n_articles(self) -> int:
        if not self._n:
            self._n = len({r.fact.article_id for r in self.rows})
        return self._n

    def score(self) -> float:
        return self.rep.fact.salience + 0.6 * math.log2(self.n_articles)

    def choose_cited(self, published: Callable[[Candidate], tuple[dt.date, int]]) -> list[Candidate]:
        """What the bullet cites: the representative, then the earliest tellings (by
        ``published``) from other articles, CITED_PER_FACT articles in all."""
        rep = self.rep
        chosen, seen = [rep], {rep.fact.article_id}
        for row in sorted(self.rows, key=published):
            if len(seen) >= CITED_PER_FACT:
                break
            if row.fact.article_id not in seen:
                seen.add(row.fact.article_id)
                chosen.append(row)
        return chosen


def newest_first(g: Group) -> int:
    return -(g.rep.fact.effective_date or dt.date.min).toordinal()


def oldest_first(g: Group) -> int:
    """Undated facts last: "ceasefire timeline" reads from the first day told."""
    return (g.rep.fact.effective_date or dt.date.max).toordinal()


def _by_attached_date(row: Candidate) -> tuple[dt.date, int]:
    return row.article.published or dt.date.min, row.article.id


def _signatures(fact: Fact | CandidateFact) -> frozenset[str]:
    """A fact's telling figure signatures (store.dedupe.figure_signatures, less :func:`_telling`'s
    spans of years). Answers read the figures as JSON text, and the same text recurs across facts
    and questions: cached by it."""
    if isinstance(fact, CandidateFact):
        return _signatures_of_json(fact._json[2] or "[]")
    return _telling(figure_signatures(fact.figures or []))


@lru_cache(maxsize=8192)  # bounded: a few hundred bytes per distinct list of figures
def _signatures_of_json(raw: str) -> frozenset[str]:
    return _telling(figure_signatures(json.loads(raw) or []))


def _telling(signatures: set[str]) -> frozenset[str]:
    """The figures that tell one fact from another. A span of years is background in any copy
    ("the first talks in seven years", "a phase-out within seven years"; "a three-year contract",
    "$9.6 million over three years"): shared, it made the second fact a citation of the first."""
    return frozenset(s for s in signatures if not s.endswith(" year"))


_WORDS = re.compile(r"\w+")
# A passage within quotation marks: straight or curly double quotes, or curly single ones (British
# copy); a straight single quote is too often an apostrophe to open one
_QUOTED = re.compile(r'"([^"]{12,})"|\u201c([^\u201c\u201d]{12,})\u201d|\u2018([^\u2018]{12,}?)\u2019(?!\w)')
SAME_QUOTE_WORDS = 5  # words in a row two quotations share to be one quotation told twice


@lru_cache(maxsize=8192)
def quoted_runs(text: str) -> frozenset[str]:
    """Every run of :data:`SAME_QUOTE_WORDS` words inside the sentence's quotation marks. One
    quotation, reported twice in other words ('called the session "the most productive round so
    far"' and 'Valandi, leaving the palace: "This was the most productive round so far. ..."'),
    shared too few words of the rest to be one fact, and was shown twice."""
    runs: set[str] = set()
    for m in _QUOTED.finditer(text):
        said = _WORDS.findall(fold(next(g for g in m.groups() if g)))
        runs.update(" ".join(said[i:i + SAME_QUOTE_WORDS]) for i in range(len(said) - SAME_QUOTE_WORDS + 1))
    return frozenset(runs)


class VenueNamer:
    """``store.rounds.names_venue`` for one venue and many sentences, without folding each one.

    ``fold`` (unidecode) is the cost; an ASCII sentence folds to its lower case, so it is
    folded only when it is not ASCII, and a sentence containing none of the venue's words
    anywhere is rejected by a substring test first. Same answers as ``names_venue``.
    """

    def __init__(self, venue: str | None, story: Story) -> None:
        self.venue, self.story = venue, story
        self.names = {w for w in fold(venue).split() if w not in story.venue_set and len(w) > 3} if venue else set()

    def __call__(self, text: str) -> bool:
        if not self.names:
            return False
        if not text.isascii():
            text = text.translate(_QUOTES)  # typographic quotes and dashes: the usual non-ASCII
            if not text.isascii():
                return names_venue(text, self.venue, self.story)
        low = text.lower()
        if not any(n in low for n in self.names):
            return False
        return names_venue(text, self.venue, self.story)  # the few that name it: its rule whole ("outside the")


class Citations:
    """Numbers the articles an answer cites, in order of first use."""

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self._by_article: dict[int, int] = {}

    def cite(self, article: Article, file: str) -> int:
        if article.id not in self._by_article:
            self.sources.append(Source(
                n=len(self.sources) + 1, file=file, title=article.title, outlet=article.outlet,
                date=article.published, date_inferred=article.date_source == "inferred", url=article.url,
                article_id=article.id))
            self._by_article[article.id] = len(self.sources)
        return self._by_article[article.id]


def rank(rows: list[Candidate], bonus: dict[int, float] | None = None, limit: int = 40,
         spread: bool = False) -> list[Group]:
    """Groups (near-duplicates merged) in the order they should be shown.

    The first ``limit`` are picked greedily: each pick is the group with the best
    own score minus a penalty for closeness to an earlier pick. A group close enough
    to count as the same fact (in the same words, or about the same moment) is folded into
    that pick as further citations. The rest follow in score order. ``spread``: an answer over
    the whole story (a person's): a moment's third pick and more weigh :data:`SPREAD` less each,
    so its page is not all of one round (the mediator's words at the signing fell to page 2).
    """
    members: dict[int, list[Candidate]] = defaultdict(list)
    for row in rows:
        members[row.fact.group_id or -row.fact.id].append(row)
    groups = [Group(m) for m in members.values()]
    bonus = bonus or {}
    base = {id(g): g.score() + bonus.get(g.rep.fact.id, 0.0) for g in groups}
    pool = sorted(groups, key=lambda g: -base[id(g)])
    closest: dict[int, tuple[float, int]] = {id(g): (0.0, -1) for g in pool}
    signatures: dict[int, frozenset[str]] = {}

    def figures(g: Group) -> frozenset[str]:  # only groups that reach the front of the pool are compared
        if id(g) not in signatures:
            signatures[id(g)] = _signatures(g.rep.fact)
        return signatures[id(g)]

    names: dict[int, frozenset[str]] = {}

    def who(g: Group) -> frozenset[str]:
        if id(g) not in names:
            f = g.rep.fact
            names[id(g)] = who_words(f.text, [*f.people, f.speaker or ""], f.places)
        return names[id(g)]

    picked: list[Group] = []
    moments: Counter[dt.date | None] = Counter()  # picks of each moment, for ``spread``
    while pool and len(picked) < limit:
        def gain(g: Group) -> float:
            crowded = SPREAD * max(0, moments[g.rep.fact.effective_date] - 1) if spread else 0.0
            return base[id(g)] - DIVERSITY * max(0.0, (closest[id(g)][0] - 40) / 60) - crowded

        g = max(pool[:80], key=gain)
        pool.remove(g)
        near, j = closest[id(g)]
        # the same words are the same fact whenever told (wire copy run again days later)
        if near >= SAME_SHOWN and j >= 0 and (near >= SAME_TEXT or _same_moment(picked[j], g)):
            # the same fact told again: one more citation. A telling with every figure of the shown
            # one and more ("five-hour session ended ..., to return in two weeks") is shown instead,
            # lest the fold lose what only it says
            if figures(g) > figures(picked[j]):
                picked[j].shown = g.rep
                signatures[id(picked[j])] = figures(g)
            picked[j].merge(g)
            continue
        picked.append(g)
        moments[g.rep.fact.effective_date] += 1
        mine, said = figures(g), quoted_runs(g.rep.fact.text)
        for h in pool[:80]:
            sim = similarity(h.rep.fact.key, g.rep.fact.key)
            if sim > NAMES_ONLY:  # do they share more than who they are about? (names read only when it matters)
                sim = similarity(h.rep.fact.key, g.rep.fact.key, who(g) | who(h))
            if sim < SAME_SHOWN and ((mine and mine & figures(h)) or (said and said & quoted_runs(h.rep.fact.text))):
                sim = SAME_SHOWN  # the same figure, or the same quotation, again is the same information again
            if sim > closest[id(h)][0]:
                closest[id(h)] = (sim, len(picked) - 1)
    return picked + pool


def _same_moment(a: Group, b: Group) -> bool:
    """Whether two groups' facts are about one moment of the story. A topic's answer spans
    rounds: round 1's "the AEC wants to keep its 35% tariff for 15 years" is no citation of round
    2's "the AEC proposed to phase out its 35% tariff over 12 years", however alike."""
    x, y = a.rep.fact.effective_date, b.rep.fact.effective_date
    return x == y or (x is not None and y is not None and abs((x - y).days) <= WINDOW_DAYS)




def same_words(a: str, b: str) -> bool:
    """Whether two folded sentences say it in the same words, so that both are its source: word
    for word, but for a spelling or two ("Zelenskyy", "Kiev"). A word more ("Fidan firmly
    stressed") or another number ("6,500") is another telling: cited as "(also ...)"."""
    if a == b:
        return True
    wa, wb = _WORDS.findall(a), _WORDS.findall(b)
    if len(wa) != len(wb):
        return False
    differ = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    return len(differ) <= 2 and all(not (any(c.isdigit() for c in x + y)) and fuzz.ratio(x, y) >= 70
                                    for x, y in differ)


_ROUND_SPAN = dt.timedelta(days=14)  # the longest round of several days a fact's own day is shown within


def fact_item(g: Group, cites: Citations, round_of: dict[dt.date, int]) -> FactItem:
    rep, *others = g.cited if g.cited is not None else g.choose_cited(_by_attached_date)
    sources = [cites.cite(rep.article, rep.file)]
    corroboration: list[Corroboration] = []
    rep_text = fold(rep.fact.text)
    for row in others:  # the earliest tellings; the bullet says how many more there are
        n = cites.cite(row.article, row.file)
        if same_words(fold(row.fact.text), rep_text):
            sources.append(n)
        else:
            corroboration.append(Corroboration(source=n, file=row.file, text=row.fact.text))
    f = rep.fact
    # a later day of a round of several days keeps its own day: the signing on Tuesday of a round that opened
    # on Monday is "round 4, 12 Dec", not "round 4, 11 Dec"
    own_day = f.event_date if f.event_date and f.effective_date and \
        f.effective_date < f.event_date <= f.effective_date + _ROUND_SPAN else None
    return FactItem(
        text=f.text, sources=sources, corroboration=corroboration,
        round=round_of.get(f.effective_date) if f.effective_date else None,
        date=own_day or f.effective_date or f.event_date, speaker=f.speaker, attribution=f.attribution,
        people=list(f.people or []), places=list(f.places or []), figures=list(f.figures or []),
        n_sources=g.n_articles, score=g.score(), fact_id=f.id, group_id=f.group_id,
        background=bool(f.background) and f.effective_date is None)


def venue_bonus(venue: str | None, city: str | None, story: Story, rows: list[Candidate]) -> dict[int, float]:
    """A round's facts that name its venue rank higher (:func:`store.rounds.venue_weight`), unless
    naming it is all they do (a factbox's "June 13-15, 2028 - Third round, Nordkaj Conference Centre,
    Lundholm.")."""
    names = VenueNamer(venue, story)
    return {row.fact.id: venue_weight(row.fact.text, venue, city, story) for row in rows if names(row.fact.text)}
