"""Rounds are discovered from the corpus, never configured.

Evidence that a round took place on a day comes from two places:

* strong: a sentence ties a day to an event noun ("talks in Istanbul on July 23",
  "Monday's negotiations"), in the past, from an article published on or after it;
* weak: an article's lead reports the event happening ("talks have begun") and no
  strong day lies in the week before its publication; the day is the one its opening
  names ("ended a session in Reykjavik on Tuesday"), or else its publication day.

Candidate days form rounds in date order. Days far from the rest (the 2022 meetings,
years before) belong to another story: only the latest run of days, with no gap
longer than the story's ``max_gap_days``, is kept. Ordinal mentions ("second
round", "for the second time") number the rounds they name, and so does an opening's
count ("negotiators said after the fifth round of talks"), so a corpus that starts
after round 1 or misses a round keeps the story's own numbers. Then every article's own event day and every fact's
``effective_date`` are brought in line, which is what round answers select on; a round its sentences
say lasted several days takes the facts other articles date to its later days (:func:`_follow_sittings`).

The candidate days are kept with their support, article by article (``round_candidates``),
so an ingest that added or withdrew a few articles updates only what those articles can
move (:class:`_Update`) and ends where a full discovery would; the full one remains for the
first discovery, a reindex, an interrupted run, a changed story and any change too wide to
follow cheaply.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import logging
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from store.dedupe import NUMBER_WORDS, STOPWORDS, stem
from store.extract.anchors import (
    NOT_HAPPENED,
    ORDINALS,
    REPORTING_WINDOW,
    event_noun_spans,
    in_since_clause,
    round_named,
)
from store.extract.dates import MONTHS, WEEKDAYS
from store.extract.entities import IN_TOWN_ENDS, find_venues
from store.extract.pipeline import sitting_told
from store.models import Article, Fact, Round, RoundCandidate, RoundState, utcnow
from store.story import Story
from store.text import Caseless, fold, words

log = logging.getLogger(__name__)

VENUE_BONUS = 0.4  # salience added to a sentence naming the round's venue
PLACE_SAMPLE = 300  # groups of statements per round read to find its venue and city
PLACE_WORDINGS = 3000  # and at most so many wordings of them
STREAM = 2000  # rows per fetch of the corpus-wide scans: memory stays flat at any size
# round_candidates rows per insert: a row holds every supporting article of its day, and 2,000
# of them built at once (a full discovery at 100k articles) weighed 50 MB and briefly 100
CANDIDATE_ROWS = 100
# Past these, one full discovery costs less than following the change (and a change that moves
# this many round days is a global one: a new latest run, a gap filled).
MAX_CHANGED_ARTICLES = 2000
MAX_MOVED_ROUND_DAYS = 50
# A round carried over to the following days is one round of at most so many days
MAX_CARRIED_DAYS = 4
_IN_PLACE = re.compile(r"\b(?i:in|at)\s+((?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+)?)")
# Where something is to happen: "leaders are to sign the agreement at a summit in Savelu", "due to sign"
_TO_BE_DONE = Caseless(r"\b(?:due|are|is|set)\s+to\s+(?:sign|meet|hold|host|be\s+(?:signed|held|based))\b")
# Where the next meeting will be: "the delegations agreed to meet again in Washington"
_MEET_AGAIN = Caseless(r"\b(?:meet|talk|convene|reconvene|resume)\s+again\b|\bto\s+(?:reconvene|resume)\b|"
                       r"\b(?:return|returns|returning|go|goes|come|comes|get|gets)\s+back\s+to\s+the\s+table\b|"
                       r"\b(?:return|returns|returning)\s+to\s+the\s+(?:negotiating\s+)?table\b")
# "in the Kenyan lakeside town of Naivasha": a city, by its kind; not "the city of Velsberg and Cirrolux
# agreed", where the city is a party to the talks
_CITY_NAMED = re.compile(r"\b(?:in|at|to)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}(?:town|city|capital|village|port)\s+"
                         r"(?:of\s+)?([A-Z][\w’'-]+)")
_FIGURE_NEXT = re.compile(r"\s*[\d₹$€£¥]")
_NOT_PLACES = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
               "saturday", "sunday", "the", "a", "an", "this", "that", "his", "her", "its", "their"}
_CONTINENTS = {"europe", "asia", "africa", "america", "north america", "south america", "latin america", "oceania",
               "antarctica", "arctic", "middle east", "the americas"}
_ACTIVE = Article.withdrawn_at.is_(None)
_ONE_DAY = dt.timedelta(days=1)
ROUND_STATE_ID = 1


@dataclass
class Candidate:
    day: dt.date
    articles: set[int] = field(default_factory=set)
    sourced_by: set[str] = field(default_factory=set)  # date_source of supporting articles
    strong: bool = False
    ordinals: Counter[int] = field(default_factory=Counter)


class DaySummary(NamedTuple):
    """What numbering and selecting the rounds need of a candidate day (all days are read at once)."""

    strong: bool
    inferred: bool  # every supporting article's date is inferred
    ordinals: Mapping[int, int]
    dated: bool = False  # a strong fact in an article whose date is not inferred


class Lead(NamedTuple):
    """An article whose opening reports its event (``Article.lead_event``), as its day's support."""

    source: str  # its date source
    published: dt.date
    day: dt.date | None  # the day its opening names, in the week before publication
    ordinal: int | None  # the round's number its opening gives ("after the fifth round of talks")

    def target(self, strong_days: list[dt.date]) -> dt.date:
        """The day it supports: the latest strong day in the week up to its publication, or else
        the day it names itself, or else its publication day (a paper's lead of yesterday's talks
        that names no day)."""
        return _latest_within_week(self.published, strong_days) or self.day or self.published


@dataclass
class Support:
    """Who says a round took place on ``day``, article by article.

    Kept per article, not as totals, so that one article's arrival or withdrawal changes
    exactly its own part: its strong facts' ordinal counts, its place among the leads.
    """

    day: dt.date
    # article -> (date source, ordinals said, None for none: most articles say none)
    strong: dict[int, tuple[str, Counter[int] | None]] = field(default_factory=dict)
    leads: dict[int, Lead] = field(default_factory=dict)

    def add_strong(self, article_id: int, source: str, ordinal: int | None) -> None:
        """Memory matters here: a full discovery holds every article's part (272k at 100k
        articles), so the few date-source strings are shared and ordinals counted only if said."""
        shared, counts = self.strong.get(article_id) or (sys.intern(source), None)
        if ordinal:
            counts = counts or Counter()
            counts[ordinal] += 1
        self.strong[article_id] = (shared, counts)

    def remove(self, article_id: int) -> bool:
        """Forget an article's support; whether it had any."""
        had = self.strong.pop(article_id, None) is not None
        return self.leads.pop(article_id, None) is not None or had

    def __bool__(self) -> bool:
        return bool(self.strong or self.leads)

    def candidate(self) -> Candidate:
        ordinals: Counter[int] = Counter()
        for _, counts in self.strong.values():
            if counts:
                ordinals.update(counts)
        ordinals.update(lead.ordinal for lead in self.leads.values() if lead.ordinal)
        return Candidate(self.day, articles=set(self.strong) | set(self.leads),
                         sourced_by={s for s, _ in self.strong.values()} | {x.source for x in self.leads.values()},
                         strong=bool(self.strong), ordinals=ordinals)

    def summary(self) -> DaySummary:
        c = self.candidate()
        return DaySummary(c.strong, c.sourced_by <= {"inferred"}, c.ordinals,
                          any(source != "inferred" for source, _ in self.strong.values()))

    def row(self) -> dict[str, Any]:
        """The ``round_candidates`` row."""
        summary = self.summary()
        return {"day": self.day, "strong": summary.strong, "inferred": summary.inferred, "dated": summary.dated,
                "ordinals": {str(k): v for k, v in sorted(summary.ordinals.items())},
                "support": {"strong": {str(a): [s, {str(k): v for k, v in (counts or {}).items()}]
                                       for a, (s, counts) in self.strong.items()},
                            "leads": {str(a): [lead.source, lead.published.isoformat(),
                                               lead.day and lead.day.isoformat(), lead.ordinal]
                                      for a, lead in self.leads.items()}}}

    @classmethod
    def from_json(cls, day: dt.date, data: Mapping[str, Any]) -> Support:
        return cls(day, strong={int(a): (sys.intern(s), Counter({int(k): v for k, v in counts.items()}) or None)
                                for a, (s, counts) in data.get("strong", {}).items()},
                   leads={int(a): _lead_from_json(row) for a, row in data.get("leads", {}).items()})


def _lead_from_json(row: list[Any]) -> Lead:
    """A stored lead; rows written before leads kept their day and ordinal have only two fields."""
    source, published, day, ordinal = [*row, None, None][:4]
    return Lead(sys.intern(source), dt.date.fromisoformat(published), day and dt.date.fromisoformat(day), ordinal)


@dataclass
class Discovery:
    """What a discovery did: an incremental update, or a full one and why."""

    incremental: bool
    reason: str = ""


def _latest_run(days: list[dt.date], max_gap: int) -> list[dt.date]:
    run: list[dt.date] = []
    for day in sorted(days):
        if run and (day - run[-1]).days > max_gap:
            run = []
        run.append(day)
    return run


def _latest_within_week(published: dt.date, sorted_days: list[dt.date]) -> dt.date | None:
    """The latest of ``sorted_days`` in the week up to ``published`` (bisect: thousands of rounds)."""
    i = bisect.bisect_right(sorted_days, published)
    if i and sorted_days[i - 1] >= published - REPORTING_WINDOW:
        return sorted_days[i - 1]
    return None


def article_event_day(published: dt.date | None, round_days: list[dt.date]) -> dt.date | None:
    """The round an article reports: the latest round in the week up to its publication.

    ``round_days`` sorted, oldest first.
    """
    if published is None:
        return None
    return _latest_within_week(published, round_days) or published


def _latest_published(session: Session) -> dt.date | None:
    """The newest publication day (as the database orders NULLs: PostgreSQL puts them first)."""
    return session.scalar(select(Article.published).where(_ACTIVE).order_by(Article.published.desc()).limit(1))


def _round_days(summaries: Mapping[dt.date, DaySummary], latest: dt.date | None, max_gap: int) -> list[dt.date]:
    """The candidate days that are rounds. A day known only from articles whose own date is a guess
    is no round beside a day the dated articles tie to the talks: it is that round, a day off ("she
    met the two delegations on Monday" in an undated report of Tuesday's deal)."""
    days = [d for d in summaries if latest is None or d <= latest]
    dated = {d for d in days if summaries[d].dated}
    return _latest_run([d for d in days if not summaries[d].inferred
                        or not {d - _ONE_DAY, d + _ONE_DAY} & dated], max_gap)


def best_ordinal(said: Mapping[int, int]) -> int:
    """The round number said most often (the smaller between equals: the choice must not depend on the
    order rows come in), 0 for none. ``said``: a number -> how many times."""
    return max(said.items(), key=lambda kv: (kv[1], -kv[0]))[0] if said else 0


def _carried_over(days: list[dt.date], summaries: Mapping[dt.date, DaySummary]) -> tuple[
        list[dt.date], dict[dt.date, dt.date]]:
    """Round days that follow one another day by day are one round of several days: talks that "opened
    Monday in Phoenix and moved Tuesday to Cedar Ridge" were a round of the Monday and another of the
    Tuesday, since every day had its own reports. Not when the days' articles number them apart ("the
    fourth round" and "the fifth"). Returns the rounds' first days and, for a round of several days,
    its last."""
    kept: list[dt.date] = []
    last: dict[dt.date, dt.date] = {}
    for day in days:
        if kept:
            first = kept[-1]
            numbers = {best_ordinal(summaries[d].ordinals) for d in (first, day)} - {0}
            if day - last.get(first, first) == _ONE_DAY and (day - first).days < MAX_CARRIED_DAYS and len(numbers) < 2:
                last[first] = day
                continue
        kept.append(day)
    return kept, last


def _collect(session: Session) -> tuple[dict[dt.date, Support], dt.date | None]:
    supports: dict[dt.date, Support] = {}
    rows = session.connection().execute(  # Core rows, streamed: the ORM's row handling doubled the time
        select(Fact.event_date, Fact.article_id, Article.date_source, Article.published, Fact.ordinal)
        .join(Article).where(_ACTIVE, Fact.strong, Fact.event_date.is_not(None)).execution_options(yield_per=STREAM))
    for day, article_id, source, published, ordinal in rows:
        if published is not None and day > published:
            continue
        supports.setdefault(day, Support(day)).add_strong(article_id, source, ordinal)
    latest = _latest_published(session)
    leads = session.connection().execute(select(
        Article.id, Article.date_source, Article.published, Article.lead_day, Article.lead_ordinal).where(
        _ACTIVE, Article.lead_event, Article.published.is_not(None)).execution_options(yield_per=STREAM))
    strong_days = sorted(supports)
    for article_id, source, *rest in leads:
        lead = Lead(sys.intern(source), *rest)
        day = lead.target(strong_days)
        supports.setdefault(day, Support(day)).leads[article_id] = lead
    return supports, latest


def _numbers(days: list[dt.date], ordinals: Mapping[dt.date, DaySummary],
             carried: Mapping[dt.date, dt.date]) -> dict[int, dt.date]:
    """Round numbers in date order, taking the articles' own ordinals where they give one.

    "the third round" on a day makes it round 3 even when round 2 is missing from the
    corpus; a day without an ordinal is the round after the previous one (:func:`best_ordinal`).
    A round of several days (``carried``: first day -> last) takes the number any of its days gives.
    """
    numbers: dict[int, dt.date] = {}
    previous = 0
    for day in days:
        spanned = (day + dt.timedelta(days=i) for i in range(((carried.get(day) or day) - day).days + 1))
        best = max(best_ordinal(ordinals[d].ordinals) if d in ordinals else 0 for d in spanned)
        number = best if best > previous else previous + 1
        numbers[number] = day
        previous = number
    return numbers


class _OrdinalDays:
    """The day of a fact placed by an ordinal alone: its round's, once that round was held.

    An article cannot report a round held after it: "a sixth round in Washington in the autumn",
    "we agreed to leave it for the seventh round" are plans made at the article's own event, and
    belong to it. A round it could have reported that the corpus lacks leaves the fact out of every
    round: its facts are not this round's.
    """

    def __init__(self, number_to_day: Mapping[int, dt.date]) -> None:
        self.number_to_day = number_to_day
        held = sorted((day, number) for number, day in number_to_day.items())
        self.days, self.numbers = [d for d, _ in held], [n for _, n in held]

    def __call__(self, ordinal: int, published: dt.date | None, article_day: dt.date | None) -> dt.date | None:
        if published is not None:
            i = bisect.bisect_right(self.days, published)
            if ordinal > (self.numbers[i - 1] if i else 0):
                return article_day
        return self.number_to_day.get(ordinal)


# the facts placed by an ordinal alone (ix_facts_ordinal_only), as _OrdinalDays places them
_ORDINAL_FACTS = (select(Fact.id, Fact.effective_date, Fact.ordinal, Article.published, Article.event_date)
                  .join(Article).where(Fact.event_date.is_(None), Fact.ordinal.is_not(None)))


def _place_of(texts: list[tuple[str, int]], datelines: list[str], story: Story,
              number: int | None = None) -> tuple[str | None, str | None]:
    """The round's venue and city, by weighted votes of the sentences about it (each as many
    times as it was told word for word).

    A place right after an event noun ("talks in Lisbon") counts most, unless the
    sentence is about a plan ("the next round could be in Geneva"); the story's known
    places and the articles' datelines add smaller votes. A round left without a city may
    take one from its headlines (:func:`_cities_from_titles`).
    """
    venues: Counter[str] = Counter()  # by the venue's proper name, folded
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    cities: Counter[str] = Counter()  # float votes
    orgs = {o.lower() for o in story.organisations}
    places = {p.lower(): p for p in story.places}
    for text, told in texts:
        if number is not None and (round_named(text) or number) != number:
            continue  # "a sixth round in Washington in the autumn", "up from 12,000 at the first round in
            # Phoenix" are no votes for where the fifth or the third was (``number``: as the round's articles
            # number it)
        weight = (2 if event_noun_spans(text, story) else 1) * told
        for venue in find_venues(text, story):
            if venue.lower() in orgs:
                continue
            key = " ".join(w for w in fold(story.canonical(venue)).split() if w not in story.venue_set
                           and w not in ("de", "of", "du", "des", "di"))
            venues[key] += weight
            spellings[key][venue] += weight  # kept as the sources write it, so it can be checked
        nouns = event_noun_spans(text, story)

        def planned(at: int, text: str = text) -> bool:
            """A plan stands before the place, in its stretch of the sentence: "agreed to meet again in
            Washington", "are to sign ... in Savelu". One elsewhere ("talks in Lundholm that had
            threatened to collapse over how much would come as grants") plans nothing there."""
            before = text[max(0, at - 80):at]
            return NOT_HAPPENED.found(before) or _MEET_AGAIN.found(before) or _TO_BE_DONE.found(before)

        for m in _IN_PLACE.finditer(text):
            if in_since_clause(text, m.start()):
                continue  # "who has led the team since the first round in Savelu": another round's place
            first = m.group(1).split()[0]
            whole = m.group(1)  # "in Mexico City" is Mexico City when the story knows both it and "Mexico"
            name = story.canonical(whole if whole.lower() in places or first.lower() not in places else first)
            if _FIGURE_NEXT.match(text, m.end()) or (name.isupper() and name.lower() not in places):
                continue  # "at Rs 11 lakh crore", "at MSP": a currency, an acronym
            if first.lower() in _NOT_PLACES or name in story.organisations \
                    or not story.venue_set.isdisjoint(fold(name).split()) or name.split()[-1].lower() in IN_TOWN_ENDS \
                    or name.endswith(("'s", "’s")) or fold(name) in _CONTINENTS:  # "at Cirrolux's headquarters":
                continue  # whose, not where; "data centres in Europe": no town
            ahead = planned(m.start())
            near_event = any(0 <= m.start() - end <= 40 for _, end in nouns) and not ahead
            known = name.lower() in places and not ahead  # "agreed to meet again in Washington": elsewhere
            cities[places.get(name.lower(), name)] += (0.5 + (2 if near_event else 0) + (1 if known else 0)) * told
        for m in _CITY_NAMED.finditer(text):  # "in the Kenyan lakeside town of Naivasha": a city, by its kind
            near_event = any(0 <= m.start() - end <= 60 for _, end in nouns) and not planned(m.start())
            cities[story.canonical(m.group(1))] += (1 + (2 if near_event else 0)) * told
    for place in datelines:
        cities[story.canonical(place)] += 1
    venue = spellings[venues.most_common(1)[0][0]].most_common(1)[0][0] if venues else None
    if venue:  # "at Lansing House in Valbrook", "Lansing House, the conciliation service's offices in Valbrook",
        # "Second round, Admiralty House, Lundholm."
        in_town = re.compile(re.escape(venue) + r"(?:(?:,[^,;:.()]{0,80},)?\s+in\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)"
                             r"|"
                             r",\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)(?=[.,;)]|$))")
        for text, told in texts:
            for m in in_town.finditer(text):
                town = m.group(1) or m.group(2)
                if town.split()[0].lower() not in _NOT_PLACES and not town.endswith(("'s", "’s")):
                    cities[story.canonical(town)] += 3 * told
    city = cities.most_common(1)[0][0] if cities else None
    return venue, city


def _cities_from_titles(session: Session, rows: list[dict[str, Any]], others: Select | None = None) -> None:
    """Give a round whose sentences and datelines name no city the story's city its articles'
    headlines name ("Tentative deal averts Port Carroway bus strike"): one that another round
    is in already (``rows``' cities and those ``others`` selects), so a country or a party named in a
    headline ("Russia, Ukraine swap prisoners") is never taken for where a round was held.
    The cities it can give are those cities, so the rounds' set of cities does not change."""
    missing = {row["date"]: row for row in rows if not row["city"]}
    if not missing:
        return
    known = [row["city"] for row in rows] + (list(session.scalars(others)) if others is not None else [])
    cities = {fold(c): c for c in known if c}
    if not cities:
        return
    named = re.compile(r"\b(" + "|".join(sorted(map(re.escape, cities), key=len, reverse=True)) + r")\b")
    votes: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for chunk in _chunks(sorted(missing)):
        for day, title in session.execute(select(Article.event_date, Article.title).where(
                _ACTIVE, Article.event_date.in_(chunk), Article.title.is_not(None))):
            for m in named.finditer(fold(title)):
                votes[day][cities[m.group(1)]] += 1
    for day, counter in votes.items():
        missing[day]["city"] = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def names_venue(text: str, venue: str | None, story: Story) -> bool:
    """Whether a sentence names the round's venue: where it happened is a fact a summary owes."""
    if not venue:
        return False
    names = {w for w in fold(venue).split() if w not in story.venue_set and len(w) > 3}
    words = fold(text).split()
    return any(w in names and not _beside(words, i) for i, w in enumerate(words))


_SAYING_WORDS = {"said", "says", "told", "spoke", "speaking", "added"}


def _beside(words: list[str], i: int) -> bool:
    """Whether the venue at ``words[i]`` is named as a place beside the talks: "protesters outside the
    Brouwershuis" (a protester's line led round 1); not "Mr Moran said outside Lansing House" (a
    negotiator at its door, of the talks)."""
    at = i - 1 if words[i - 1:i] == ["outside"] else i - 2 if words[i - 2:i] == ["outside", "the"] else None
    return at is not None and not _SAYING_WORDS & set(words[max(0, at - 3):at])


# Words a round's header already says, besides its venue and city: when, which one, that it was held.
_HEADER_WORDS = frozenset({*MONTHS, *WEEKDAYS, *ORDINALS, *NUMBER_WORDS, "final", "last", "latest", "round",
                           "held", "hold", "took", "take", "place", "opened", "began", "venue", "city", "capital"})


def _only_when_where(text: str, venue: str | None, city: str | None, story: Story) -> bool:
    """Whether a sentence says nothing the round's header does not: which round, when and where
    ("March 6-8, 2028 - First round, Reef House, Savelu.", a factbox's timeline entry). Naming the
    venue made it a round's first fact, ahead of what the round did."""
    told = set(words(text)) - STOPWORDS - _HEADER_WORDS - set(words(f"{venue or ''} {city or ''}")) \
        - {fold(n) for n in story.event_nouns} - story.venue_set
    return not any(not w[0].isdigit() and stem(w) != "talk" for w in told)


def venue_weight(text: str, venue: str | None, city: str | None, story: Story) -> float:
    """What naming the round's venue adds to a sentence that names it: where the round was held is
    news, unless that is all it says (the round's header says it already). Round answers, digests
    (:func:`store.ranking.venue_bonus`) and the timeline's outcome weigh it the same."""
    return -VENUE_BONUS if _only_when_where(text, venue, city, story) else VENUE_BONUS


def _story_hash(story: Story) -> str:
    return hashlib.sha256(repr(story).encode("utf-8")).hexdigest()[:16]


def _chunks(items: Iterable[Any], size: int = STREAM) -> Iterator[list[Any]]:
    """Bounded ``IN`` lists and executemany batches."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _set_event_days(session: Session, changes: list[dict[str, Any]]) -> None:
    """Give articles their event day (``aid``, ``day``), and their article-anchored facts with them."""
    articles, facts = Article.__table__, Fact.__table__
    for chunk in _chunks(changes):
        session.execute(update(articles).where(articles.c.id == bindparam("aid")).values(event_date=bindparam("day")),
                        chunk)
        session.execute(update(facts).where(facts.c.article_id == bindparam("aid"), facts.c.anchor == "article")
                        .values(effective_date=bindparam("day")), chunk)


def _set_fact_days(session: Session, moved: list[dict[str, Any]]) -> None:
    for chunk in _chunks(moved):
        session.execute(update(Fact.__table__).where(Fact.__table__.c.id == bindparam("fid"))
                        .values(effective_date=bindparam("day")), chunk)


def _datelines(session: Session, days: Collection[dt.date]) -> dict[dt.date, list[str]]:
    """Each day's datelines, in article order (the city vote counts them in this order)."""
    datelines: dict[dt.date, list[str]] = defaultdict(list)
    for chunk in _chunks(sorted(days)):
        for day, place in session.execute(select(Article.event_date, Article.dateline).where(
                _ACTIVE, Article.event_date.in_(chunk), Article.dateline.is_not(None)).order_by(Article.id)):
            datelines[day].append(place)
    return datelines


def _fact_counts(session: Session, days: Collection[dt.date]) -> dict[dt.date, tuple[int, int, int]]:
    """Per day: fact groups, facts and the newest fact id, of the articles in answers."""
    counts: dict[dt.date, tuple[int, int, int]] = {}
    for chunk in _chunks(sorted(days)):
        counts.update((day, (groups, facts, newest)) for day, groups, facts, newest in session.connection().execute(
            select(Fact.effective_date, func.count(func.distinct(Fact.group_id)), func.count(), func.max(Fact.id))
            .join(Article).where(_ACTIVE, Fact.effective_date.in_(chunk)).group_by(Fact.effective_date)))
    return counts


class _Known(NamedTuple):
    """A stored round's parts that a discovery may keep."""

    id: int
    number: int
    first_seen: dt.datetime
    evidence: dict[str, Any]
    venue: str | None
    city: str | None
    outcome_fact_id: int | None
    n_facts: int


def _known_rounds(session: Session, days: Collection[dt.date] | None = None) -> dict[dt.date, _Known]:
    query = select(Round.date, Round.id, Round.number, Round.first_seen, Round.evidence, Round.venue, Round.city,
                   Round.outcome_fact_id, Round.n_facts)
    known: dict[dt.date, _Known] = {}
    for chunk in ([None] if days is None else _chunks(sorted(days))):
        rows = session.execute(query if chunk is None else query.where(Round.date.in_(chunk)))
        known.update((day, _Known(*rest)) for day, *rest in rows)
    return known


class _Statement(NamedTuple):
    fact_id: int
    text: str
    salience: float
    tellings: int  # the facts with this very text in its group: copies of one story


def _top_statements(session: Session, day: dt.date) -> list[_Statement]:
    """The round's most salient statements, for its place and its one-line outcome: the PLACE_SAMPLE
    most salient groups of near-duplicates, each wording once with the number of its tellings. Taking
    the most salient sentences instead let a wire story republished by ten outlets fill the sample with
    copies of its few best sentences, and the one naming "the Turkish Foreign Ministry" made it round
    1's venue. Bounded: memory stays flat at any size."""
    top: dict[tuple[int, str], _Statement] = {}
    admitted: set[int] = set()
    for fid, text, salience, group in session.execute(
            select(Fact.id, Fact.text, Fact.salience, Fact.group_id).join(Article)
            .where(and_(_ACTIVE, Fact.effective_date == day))
            .order_by(Fact.salience.desc(), Fact.article_id, Fact.position).execution_options(yield_per=STREAM)):
        key = group if group is not None else -fid
        if key not in admitted and len(admitted) < PLACE_SAMPLE:
            admitted.add(key)
        if key in admitted:
            known = top.get((key, text))
            if known is None and len(top) == PLACE_WORDINGS:
                break
            top[(key, text)] = known._replace(tellings=known.tellings + 1) if known else _Statement(
                fid, text, salience, 1)
    return list(top.values())


def _round_row(session: Session, story: Story, vocabulary: str, number: int, day: dt.date, c: Candidate,
               counts: tuple[int, int, int], datelines: list[str], known: _Known | None,
               through: dt.date | None = None) -> dict[str, Any]:
    """A round's column values. Its venue, city and outcome are read from its top sentences, the
    costly part with thousands of rounds, unless its facts and datelines are the same as when it
    was last described (same count, same newest fact, same story vocabulary: the ``fingerprint``)."""
    n_groups, n_facts, newest = counts
    fingerprint = f"{n_facts}/{newest}/{len(datelines)}/{vocabulary}"
    if known is not None and (known.evidence or {}).get("fingerprint") == fingerprint:
        venue, city, outcome_id = known.venue, known.city, known.outcome_fact_id
    else:
        top = _top_statements(session, day)
        # sentences numbering another round vote for no place of this one: by the number this round's own
        # articles give it (a synthetic story's "first round" is the store's round 21), or else its place
        own = number if number in c.ordinals else best_ordinal(c.ordinals) or None
        venue, city = _place_of([(t.text, t.tellings) for t in top], datelines, story, own)
        outcome = max(top, key=lambda t: t.salience + (venue_weight(t.text, venue, city, story)
                                                         if names_venue(t.text, venue, story) else 0.0), default=None)
        outcome_id = outcome.fact_id if outcome else None
    return dict(number=number, date=day, date_inferred=c.sourced_by <= {"inferred"}, venue=venue, city=city,
                outcome_fact_id=outcome_id, n_facts=n_groups,
                first_seen=known.first_seen if known is not None else utcnow(),
                evidence=_evidence(c, fingerprint, through))


def _evidence(c: Candidate, fingerprint: str, through: dt.date | None = None) -> dict[str, Any]:
    """``through``: the last day of a round of several days (:func:`_sitting_ends`)."""
    return {"articles": sorted(c.articles), "strong": c.strong,
            "ordinals": {str(k): v for k, v in sorted(c.ordinals.items())}, "fingerprint": fingerprint} | (
        {"through": through.isoformat()} if through else {})


def round_through(evidence: dict[str, Any] | None) -> dt.date | None:
    """The last day of a round of several days, as its evidence keeps it (:func:`_evidence`)."""
    through = (evidence or {}).get("through")
    return dt.date.fromisoformat(through) if through else None


# The sentences that can say how long a sitting lasted (store.extract.pipeline.sitting_told), found by SQL first
_SITTING_LIKE = or_(Fact.text.like("%days of%"), Fact.text.like("%-day %"))


def _sitting_ends(session: Session, days: Collection[dt.date], round_days: list[dt.date]) -> dict[dt.date, dt.date]:
    """The last day of each round of ``days`` that its own sentences say lasted several days ("opened
    three days of talks on Monday", "at the close of two days of talks"), short of the next round."""
    ends: dict[dt.date, dt.date] = {}
    for chunk in _chunks(sorted(days)):
        for day, own, text, published in session.execute(
                select(Fact.effective_date, Fact.event_date, Fact.text, Article.published).join(Article).where(
                    _ACTIVE, Fact.effective_date.in_(chunk), _SITTING_LIKE)):
            told = sitting_told(text)
            # its first day: the sentence's own ("opened three days of talks on Monday"), or, said without
            # one ("the two-day sitting at Vennberg Palace is the first since ..."), the day of an article
            # published on the round's day, when the sitting had not ended
            if told and (own == day if told[1] else own is None and published == day):
                ends[day] = max(ends.get(day, day), day + dt.timedelta(days=told[0] - 1))
    for day, last in list(ends.items()):
        after = bisect.bisect_right(round_days, day)
        if after < len(round_days) and round_days[after] <= last:
            ends[day] = round_days[after] - _ONE_DAY
    return {day: last for day, last in ends.items() if last > day}


def _with_carried(ends: dict[dt.date, dt.date], carried: Mapping[dt.date, dt.date]) -> dict[dt.date, dt.date]:
    """The last day of each round of several days: as its sentences tell it, or as its days follow on."""
    for first, last in carried.items():
        ends[first] = max(ends.get(first, first), last)
    return ends


def _follow_sittings(session: Session, ends: Mapping[dt.date, dt.date], was: Collection[dt.date] | None,
                     round_days: Collection[dt.date]) -> set[dt.date]:
    """A fact one article dates to a later day of a round of several days ("the commissioners signed
    on Wednesday", when another article says the two-day sitting opened on Tuesday) is that round's:
    its ``effective_date`` is the round's first day; a fact of a sitting that lasts no longer goes back
    to its own day. ``was``: the round days earlier discoveries may have moved facts to (None: look
    everywhere). Returns the days facts left or reached."""
    starts = sorted(ends)

    def target(day: dt.date) -> dt.date:
        i = bisect.bisect_right(starts, day) - 1
        if i >= 0 and day <= ends[starts[i]] and day not in round_days:
            return starts[i]
        return day

    moved_before = and_(Fact.event_date.is_not(None), Fact.event_date != Fact.effective_date)
    rows: dict[int, tuple[dt.date, dt.date]] = {}
    if was is None:
        rows.update((fid, (own, day)) for fid, own, day in session.execute(
            select(Fact.id, Fact.event_date, Fact.effective_date).where(moved_before)))
    for chunk in _chunks(sorted(was or ())):
        rows.update((fid, (own, day)) for fid, own, day in session.execute(
            select(Fact.id, Fact.event_date, Fact.effective_date).where(Fact.effective_date.in_(chunk), moved_before)))
    later = [first + dt.timedelta(days=i) for first, last in ends.items() for i in range(1, (last - first).days + 1)]
    for chunk in _chunks(sorted(later)):
        rows.update((fid, (own, day)) for fid, own, day in session.execute(
            select(Fact.id, Fact.event_date, Fact.effective_date).where(
                Fact.effective_date.in_(chunk), Fact.event_date.is_not(None))))
    moves = [{"fid": fid, "day": day, "was": current} for fid, (own, current) in sorted(rows.items())
             if (day := target(own)) != current]
    _set_fact_days(session, moves)
    return {m["day"] for m in moves} | {m["was"] for m in moves}


def _save_state(session: Session, story: Story) -> None:
    """Record what the candidates now stand for (see :class:`store.models.RoundState`)."""
    values = dict(vocabulary=_story_hash(story), max_article_id=session.scalar(select(func.max(Article.id))) or 0,
                  updated_at=utcnow())
    if session.execute(update(RoundState).where(RoundState.id == ROUND_STATE_ID).values(**values)).rowcount == 0:
        session.execute(insert(RoundState).values(id=ROUND_STATE_ID, **values))


def discover_rounds(session: Session, story: Story, changed: Collection[int] | None = None) -> Discovery:
    """Bring the rounds, every article's event day and every fact's ``effective_date`` in line with the corpus.

    ``changed``: the articles an ingest added, withdrew or brought back since the last
    discovery. With it, only what they can move is updated, unless that cannot be followed
    cheaply and surely; without it (a reindex, an interrupted run), everything is rebuilt.
    """
    session.flush()  # the corpus scans below read through the connection, past the session
    if changed is not None:
        reason = _Update(session, story, set(changed)).run()
        if reason is None:
            return Discovery(incremental=True)
        log.info("round discovery: full (%s)", reason)
    else:
        reason = "asked for"
    _discover_all(session, story)
    return Discovery(incremental=False, reason=reason)


def _discover_all(session: Session, story: Story) -> None:
    """Rebuild the candidates and the rounds from every fact of the corpus."""
    supports, latest = _collect(session)
    summaries = {day: s.summary() for day, s in supports.items()}
    days, carried = _carried_over(_round_days(summaries, latest, story.max_gap_days), summaries)

    # every article's own event, then every fact's effective day (read first, streamed; written after)
    _set_event_days(session, [
        {"aid": article_id, "day": day} for article_id, published, current in session.connection().execute(
            select(Article.id, Article.published, Article.event_date).where(_ACTIVE)
            .execution_options(yield_per=STREAM))
        if (day := article_event_day(published, days)) != current])
    number_to_day = _numbers(days, summaries, carried)
    # facts placed by an ordinal alone ("for the second time") follow the numbering
    ordinal_day = _OrdinalDays(number_to_day)
    _set_fact_days(session, [
        {"fid": fid, "day": day} for fid, current, *rest in session.connection().execute(
            _ORDINAL_FACTS.execution_options(yield_per=STREAM))
        if (day := ordinal_day(*rest)) != current])

    # a round of several days takes its later days' facts
    ends = _with_carried(_sitting_ends(session, days, days), carried)
    _follow_sittings(session, ends, None, set(days))

    known = _known_rounds(session)
    session.execute(delete(Round))
    datelines = _datelines(session, days)
    counts = _fact_counts(session, days)
    vocabulary = _story_hash(story)
    rows = [_round_row(session, story, vocabulary, number, day, supports[day].candidate(), counts.get(day, (0, 0, 0)),
                       datelines.get(day, []), known.get(day), ends.get(day)) for number, day in number_to_day.items()]
    _cities_from_titles(session, rows)
    for chunk in _chunks(rows):
        session.execute(insert(Round), chunk)

    session.execute(delete(RoundCandidate))
    for chunk in _chunks((s.row() for s in supports.values()), CANDIDATE_ROWS):
        session.execute(insert(RoundCandidate), chunk)
    _save_state(session, story)
    session.flush()


@dataclass
class _Changed:
    """A changed article as the update needs it; ``strong``: its strong facts' (day, ordinal)."""

    published: dt.date | None
    source: str
    lead: Lead | None  # when its opening reports its event
    active: bool
    event_day: dt.date | None
    strong: list[tuple[dt.date, int | None]] = field(default_factory=list)


class _Update:
    """One incremental discovery after ``changed`` articles were added, withdrawn or brought back.

    Why it ends where a full discovery would (everything else is unchanged since the last
    discovery, which left the store consistent):

    * a day's support is a sum of independent per-article parts, except that a lead joins
      the latest strong day in the week before it: the changed articles' parts are taken
      out and put back as they are now, and the leads published in the week after a day
      that became or stopped being strong are placed again;
    * an article's event day depends on its publication and the round days in the week
      before it: only changed articles and those published in the week after a round day
      that came or went can move, and those have an event day within a week of it;
    * ordinal-placed facts follow the numbers that moved (and the changed articles' own);
    * a round's fact counts and datelines change only on the days its changed facts and
      articles left or reached: only those rounds are counted again; the rest are kept.

    Any doubt (:meth:`refusal`) or a change too wide (:data:`MAX_MOVED_ROUND_DAYS`) falls back
    to the full discovery.
    """

    def __init__(self, session: Session, story: Story, changed: set[int]) -> None:
        self.session, self.story, self.changed = session, story, changed
        self.summaries: dict[dt.date, DaySummary] = {}
        self.loaded: dict[dt.date, Support] = {}  # supports read or created by this update
        self.stored: set[dt.date] = set()  # of those, the days that have a row
        self.dirty: set[dt.date] = set()
        self.touched: set[dt.date | None] = set()  # days whose facts or datelines may have changed
        self.refixed: set[int] = set()  # articles whose article-anchored facts were re-dated
        self.ends: dict[dt.date, dt.date] = {}  # the last day of each round of several days

    def refusal(self) -> str | None:
        """Why the stored candidates cannot be trusted to stand for the corpus minus ``changed``."""
        state = self.session.execute(select(RoundState.vocabulary, RoundState.max_article_id)
                                     .where(RoundState.id == ROUND_STATE_ID)).first()
        if state is None:
            return "first discovery"
        vocabulary, max_article_id = state
        if vocabulary != _story_hash(self.story):
            return "the story's vocabulary changed"
        if len(self.changed) > MAX_CHANGED_ARTICLES:
            return f"{len(self.changed)} articles changed"
        unknown = self.session.scalars(select(Article.id).where(Article.id > max_article_id)).all()
        if not set(unknown) <= self.changed:
            return "articles stored since the last discovery that this one was not told about"
        return None

    def run(self) -> str | None:
        """Update everything; or, without writing anything the full discovery relies on, say why not."""
        reason = self.refusal()
        if reason:
            return reason
        articles = self._articles()
        self.summaries = {day: DaySummary(strong, inferred, {int(k): v for k, v in ordinals.items()}, dated)
                          for day, strong, inferred, ordinals, dated in self.session.execute(
                              select(RoundCandidate.day, RoundCandidate.strong, RoundCandidate.inferred,
                                     RoundCandidate.ordinals, RoundCandidate.dated))}
        self._update_support(articles)
        days, carried = _carried_over(_round_days(self.summaries, _latest_published(self.session),
                                                  self.story.max_gap_days), self.summaries)
        known = {day: (rid, number) for rid, number, day in self.session.execute(
            select(Round.id, Round.number, Round.date))}
        moved_days = set(days) ^ set(known)
        if len(moved_days) > MAX_MOVED_ROUND_DAYS:
            return f"{len(moved_days)} round days came or went"
        self.touched |= self._fact_days(self.changed)  # where the changed articles' facts were counted
        self._event_days(articles, days, moved_days)
        number_to_day = _numbers(days, self.summaries, carried)
        self._ordinal_facts(number_to_day, {number: day for day, (_, number) in known.items()})
        self.touched |= self._fact_days(self.changed)  # and where they are now
        self._sittings(days, known, carried)
        self._rounds(days, number_to_day, known)
        _save_state(self.session, self.story)
        self.session.flush()
        return None

    # -- the candidates ---------------------------------------------------------------------

    def _articles(self) -> dict[int, _Changed]:
        out: dict[int, _Changed] = {}
        for chunk in _chunks(sorted(self.changed)):
            for aid, published, source, lead, withdrawn, event_day, lead_day, lead_ordinal in self.session.execute(
                    select(Article.id, Article.published, Article.date_source, Article.lead_event, Article.withdrawn_at,
                           Article.event_date, Article.lead_day, Article.lead_ordinal).where(Article.id.in_(chunk))):
                opening = Lead(sys.intern(source), published, lead_day, lead_ordinal) \
                    if lead and published is not None else None
                out[aid] = _Changed(published, source, opening, withdrawn is None, event_day)
            for aid, day, ordinal in self.session.execute(select(Fact.article_id, Fact.event_date, Fact.ordinal).where(
                    Fact.article_id.in_(chunk), Fact.strong, Fact.event_date.is_not(None))):
                out[aid].strong.append((day, ordinal))
        return out

    def _load(self, days: Iterable[dt.date]) -> None:
        """Read the supports of ``days`` not read yet; days without a row start empty."""
        wanted = {d for d in days if d not in self.loaded}
        for chunk in _chunks(sorted(d for d in wanted if d in self.summaries)):
            for day, data in self.session.execute(select(RoundCandidate.day, RoundCandidate.support)
                                                  .where(RoundCandidate.day.in_(chunk))):
                self.loaded[day] = Support.from_json(day, data)
                self.stored.add(day)
        for day in wanted - set(self.loaded):
            self.loaded[day] = Support(day)

    def _strong_days(self) -> list[dt.date]:
        return sorted(d for d, s in self.summaries.items() if s.strong)

    def _resummarise(self) -> None:
        for day in self.dirty:
            support = self.loaded[day]
            if support:
                self.summaries[day] = support.summary()
            else:
                self.summaries.pop(day, None)

    def _update_support(self, articles: Mapping[int, _Changed]) -> None:
        """Take the changed articles' support out, put it back as it is now, re-place the leads it moves."""
        before = set(self._strong_days())
        places: set[dt.date] = set()  # every day a changed article can support
        for a in articles.values():
            places |= {day for day, _ in a.strong}
            if a.published is not None:
                places |= {a.published - dt.timedelta(days=i) for i in range(REPORTING_WINDOW.days + 1)}
        self._load(d for d in places if d in self.summaries)
        for support in list(self.loaded.values()):
            if [aid for aid in list(support.strong) + list(support.leads) if aid in articles and support.remove(aid)]:
                self.dirty.add(support.day)
        for aid, a in articles.items():
            for day, ordinal in a.strong if a.active else ():
                if a.published is None or day <= a.published:
                    self._load([day])
                    self.loaded[day].add_strong(aid, a.source, ordinal)
                    self.dirty.add(day)
        self._resummarise()
        strong_days = self._strong_days()
        self._load(_days_within(sorted(self.summaries), before ^ set(strong_days), REPORTING_WINDOW))
        leads = [(aid, lead, support.day) for support in list(self.loaded.values())
                 for aid, lead in support.leads.items()]
        leads += [(aid, a.lead, None) for aid, a in articles.items() if a.lead and a.active]
        targets = {aid: lead.target(strong_days) for aid, lead, _ in leads}
        self._load(targets.values())
        for aid, lead, current in leads:
            if targets[aid] != current:
                if current is not None:
                    self.loaded[current].leads.pop(aid)
                    self.dirty.add(current)
                self.loaded[targets[aid]].leads[aid] = lead
                self.dirty.add(targets[aid])
        self._resummarise()
        self._save_support()

    def _save_support(self) -> None:
        table = RoundCandidate.__table__
        gone = [d for d in self.dirty if d in self.stored and not self.loaded[d]]
        rows = [self.loaded[d].row() for d in sorted(self.dirty) if self.loaded[d]]
        for chunk in _chunks(gone):
            self.session.execute(delete(table).where(table.c.day.in_(chunk)))
        updates = [{"d": row["day"]} | {f"v_{k}": v for k, v in row.items()}
                   for row in rows if row["day"] in self.stored]
        for chunk in _chunks(updates):
            self.session.execute(update(table).where(table.c.day == bindparam("d")).values(
                {c: bindparam(f"v_{c}") for c in ("strong", "inferred", "dated", "ordinals", "support")}), chunk)
        for chunk in _chunks([row for row in rows if row["day"] not in self.stored]):
            self.session.execute(insert(table), chunk)
        self.stored = (self.stored - set(gone)) | {row["day"] for row in rows}

    # -- articles and facts -----------------------------------------------------------------

    def _fact_days(self, article_ids: Collection[int]) -> set[dt.date]:
        days: set[dt.date] = set()
        for chunk in _chunks(sorted(article_ids)):
            days |= set(self.session.scalars(select(Fact.effective_date).distinct().where(
                Fact.article_id.in_(chunk), Fact.effective_date.is_not(None))))
        return days

    def _event_days(self, articles: Mapping[int, _Changed], days: list[dt.date], moved_days: set[dt.date]) -> None:
        """The event day of every article whose answer can have changed: the changed ones, and
        those published in the week after a round day that came or went (their event day, in the
        week before their publication, is within a week of it: the indexed column finds them)."""
        current = {aid: (a.published, a.event_day) for aid, a in articles.items() if a.active}
        week = REPORTING_WINDOW
        for lo, hi in _windows(moved_days, week):  # withdrawn ones skipped here: the planner keeps the day index
            for aid, published, event_day, withdrawn in self.session.execute(select(
                    Article.id, Article.published, Article.event_date, Article.withdrawn_at).where(
                    Article.event_date.between(lo, hi))):
                if withdrawn is None:
                    current[aid] = (published, event_day)
        changes = [{"aid": aid, "day": day, "was": was} for aid, (published, was) in sorted(current.items())
                   if (day := article_event_day(published, days)) != was]
        self.touched |= {c["day"] for c in changes} | {c["was"] for c in changes}
        self.touched |= {a.event_day for a in articles.values()}  # datelines of articles that came or went
        _set_event_days(self.session, changes)
        self.refixed = {c["aid"] for c in changes}  # their article-anchored facts were just rewritten

    def _ordinal_facts(self, number_to_day: Mapping[int, dt.date], before: Mapping[int, dt.date]) -> None:
        """Facts placed by an ordinal alone follow the numbering: all of them when a number moved
        (which rounds were held before an article changes with it, :class:`_OrdinalDays`), else
        the changed and just re-dated articles' own."""
        renumbered = any(number_to_day.get(n) != before.get(n) for n in set(number_to_day) | set(before))
        rows: dict[int, tuple[Any, ...]] = {}
        if renumbered:
            rows.update((fid, rest) for fid, *rest in self.session.execute(_ORDINAL_FACTS))
        else:
            for chunk in _chunks(sorted(self.changed | self.refixed)):
                rows.update((fid, rest) for fid, *rest in self.session.execute(
                    _ORDINAL_FACTS.where(Fact.article_id.in_(chunk))))
        ordinal_day = _OrdinalDays(number_to_day)
        moved = [{"fid": fid, "day": day, "was": d} for fid, (d, *rest) in sorted(rows.items())
                 if (day := ordinal_day(*rest)) != d]
        self.touched |= {m["day"] for m in moved} | {m["was"] for m in moved}
        _set_fact_days(self.session, moved)

    def _sittings(self, days: list[dt.date], known: Mapping[dt.date, tuple[int, int]],
                  carried: Mapping[dt.date, dt.date]) -> None:
        """Rounds of several days (:func:`_follow_sittings`). A round's span depends on its own facts, on
        the next round's day and on the candidates of the days it spans (:func:`_carried_over`): it is read
        again where those changed, and kept from the round's evidence elsewhere; the facts of the days
        spans gained or lost follow."""
        stored = {day: through for day, evidence in self.session.execute(select(Round.date, Round.evidence))
                  if (through := round_through(evidence))}
        before = sorted(known)

        def next_round(day: dt.date, seq: list[dt.date]) -> dt.date | None:
            i = bisect.bisect_right(seq, day)
            return seq[i] if i < len(seq) else None

        again = {d for d in days if d not in known or d in self.touched or next_round(d, before) != next_round(d, days)}
        again |= set(carried) | {d for d in days if d in stored and any(
            d < x <= stored[d] for x in self.dirty)}  # a span its following days' candidates may have changed
        self.ends = _with_carried({d: stored[d] for d in days if d in stored and d not in again} | _sitting_ends(
            self.session, again, days), carried)
        self.touched |= _follow_sittings(self.session, self.ends, set(stored) | set(self.ends), set(days))
        self.touched |= {d for d in days if self.ends.get(d) != stored.get(d)}  # its evidence says its span

    # -- the rounds -------------------------------------------------------------------------

    def _rounds(self, days: list[dt.date], number_to_day: Mapping[int, dt.date],
                known: Mapping[dt.date, tuple[int, int]]) -> None:
        """Rewrite the rounds that changed: number, support, counts; delete those gone, add the new."""
        number_of = {day: number for number, day in number_to_day.items()}
        rewrite = [d for d in days if d not in known or d in self.touched or d in self.dirty
                   or known[d][1] != number_of[d]]
        counted = {d for d in rewrite if d not in known or d in self.touched}
        stored = _known_rounds(self.session, [d for d in rewrite if d in known])
        self._load(rewrite)
        datelines = _datelines(self.session, counted)
        counts = _fact_counts(self.session, counted)
        rows: list[dict[str, Any]] = []
        vocabulary = _story_hash(self.story)
        for day in rewrite:
            c, previous = self.loaded[day].candidate(), stored.get(day)
            if day in counted:
                row = _round_row(self.session, self.story, vocabulary, number_of[day], day, c,
                                 counts.get(day, (0, 0, 0)), datelines.get(day, []), previous, self.ends.get(day))
            else:  # same facts and datelines: counts and description kept
                assert previous is not None
                row = dict(number=number_of[day], date=day, date_inferred=c.sourced_by <= {"inferred"},
                           venue=previous.venue, city=previous.city, outcome_fact_id=previous.outcome_fact_id,
                           n_facts=previous.n_facts, first_seen=previous.first_seen,
                           evidence=_evidence(c, (previous.evidence or {}).get("fingerprint", ""),
                                              self.ends.get(day)))
            rows.append(row)
        _cities_from_titles(self.session, [row for row in rows if row["date"] in counted],
                            select(Round.city).where(Round.city.is_not(None)).distinct())
        table = Round.__table__
        gone = [rid for day, (rid, _) in known.items() if day not in number_of]
        for chunk in _chunks(gone):
            self.session.execute(delete(table).where(table.c.id.in_(chunk)))
        existing = [{"rid": known[row["date"]][0]} | {f"v_{k}": v for k, v in row.items()}
                    for row in rows if row["date"] in known]
        renumbered = [{"rid": r["rid"], "tmp": -r["rid"]} for r in existing if known[r["v_date"]][1] != r["v_number"]]
        for chunk in _chunks(renumbered):  # out of the way first: numbers are unique at every statement
            self.session.execute(update(table).where(table.c.id == bindparam("rid")).values(number=bindparam("tmp")),
                                 chunk)
        columns = ("number", "date_inferred", "venue", "city", "outcome_fact_id", "n_facts", "evidence")
        for chunk in _chunks(existing):
            self.session.execute(update(table).where(table.c.id == bindparam("rid")).values(
                {c: bindparam(f"v_{c}") for c in columns}), chunk)
        for chunk in _chunks([row for row in rows if row["date"] not in known]):
            self.session.execute(insert(table), chunk)


def _days_within(sorted_days: list[dt.date], centres: Iterable[dt.date], width: dt.timedelta) -> list[dt.date]:
    """The days of ``sorted_days`` within ``width`` of any of ``centres``."""
    out: list[dt.date] = []
    for lo, hi in _windows(centres, width):
        out += sorted_days[bisect.bisect_left(sorted_days, lo):bisect.bisect_right(sorted_days, hi)]
    return out


def _windows(days: Iterable[dt.date], width: dt.timedelta) -> list[tuple[dt.date, dt.date]]:
    """``[day - width, day + width]`` around each day, overlapping ones merged."""
    out: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        lo, hi = day - width, day + width
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
