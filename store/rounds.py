"""Rounds are discovered from the corpus, never configured.

Evidence that a round took place on a day comes from two places:

* strong: a sentence ties a day to an event noun ("talks in Istanbul on July 23",
  "Monday's negotiations"), in the past, from an article published on or after it;
* weak: an article's lead reports the event happening ("talks have begun") and no
  strong day lies in the week before its publication.

Candidate days form rounds in date order. Days far from the rest (the 2022 meetings,
years before) belong to another story: only the latest run of days, with no gap
longer than the story's ``max_gap_days``, is kept. Ordinal mentions ("second
round", "for the second time") number the rounds they name, so a corpus that starts
after round 1 or misses a round keeps the story's own numbers. Then every article's own event day and every fact's
``effective_date`` are brought in line, which is what round answers select on.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from store.extract.anchors import NOT_HAPPENED, event_noun_spans
from store.extract.entities import find_venues
from store.models import Article, Fact, Round, utcnow
from store.story import Story
from store.text import fold

VENUE_BONUS = 0.4  # salience added to a sentence naming the round's venue
PLACE_SAMPLE = 300  # sentences per round read to find its venue and city
STREAM = 2000  # rows per fetch of the corpus-wide scans: memory stays flat at any size
ARTICLE_EVENT_WINDOW = dt.timedelta(days=7)  # "this week": an article reports a round up to a week old
_IN_PLACE = re.compile(r"\b(?i:in|at)\s+((?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+)?)")
_NOT_PLACES = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
               "saturday", "sunday", "the", "a", "an", "this", "that", "his", "her", "its", "their"}


@dataclass
class Candidate:
    day: dt.date
    articles: set[int] = field(default_factory=set)
    sourced_by: set[str] = field(default_factory=set)  # date_source of supporting articles
    strong: bool = False
    ordinals: Counter[int] = field(default_factory=Counter)


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
    if i and sorted_days[i - 1] >= published - ARTICLE_EVENT_WINDOW:
        return sorted_days[i - 1]
    return None


def article_event_day(published: dt.date | None, round_days: list[dt.date]) -> dt.date | None:
    """The round an article reports: the latest round in the week up to its publication.

    ``round_days`` sorted, oldest first.
    """
    if published is None:
        return None
    return _latest_within_week(published, round_days) or published


def _collect(session: Session) -> tuple[dict[dt.date, Candidate], dt.date | None]:
    active = Article.withdrawn_at.is_(None)
    cands: dict[dt.date, Candidate] = {}
    rows = session.connection().execute(  # Core rows, streamed: the ORM's row handling doubled the time
        select(Fact.event_date, Fact.article_id, Article.date_source, Article.published, Fact.ordinal)
        .join(Article).where(active, Fact.strong, Fact.event_date.is_not(None)).execution_options(yield_per=STREAM))
    for day, article_id, source, published, ordinal in rows:
        if published is not None and day > published:
            continue
        c = cands.setdefault(day, Candidate(day))
        c.articles.add(article_id)
        c.sourced_by.add(source)
        c.strong = True
        if ordinal:
            c.ordinals[ordinal] += 1
    latest = session.scalar(select(Article.published).where(active).order_by(Article.published.desc()).limit(1))
    leads = session.connection().execute(select(Article.id, Article.published, Article.date_source).where(
        active, Article.lead_event, Article.published.is_not(None)).execution_options(yield_per=STREAM))
    strong_days = sorted(cands)
    for article_id, published, source in leads:
        near = _latest_within_week(published, strong_days)
        c = cands[near] if near else cands.setdefault(published, Candidate(published))
        c.articles.add(article_id)
        c.sourced_by.add(source)
    return cands, latest


def _numbers(days: list[dt.date], cands: dict[dt.date, Candidate]) -> dict[int, dt.date]:
    """Round numbers in date order, taking the articles' own ordinals where they give one.

    "the third round" on a day makes it round 3 even when round 2 is missing from the
    corpus; a day without an ordinal is the round after the previous one.
    """
    numbers: dict[int, dt.date] = {}
    previous = 0
    for day in days:
        said = cands[day].ordinals.most_common(1)
        number = said[0][0] if said and said[0][0] > previous else previous + 1
        numbers[number] = day
        previous = number
    return numbers


def _place_of(texts: list[str], datelines: list[str], story: Story) -> tuple[str | None, str | None]:
    """The round's venue and city, by weighted votes of the sentences about it.

    A place right after an event noun ("talks in Lisbon") counts most, unless the
    sentence is about a plan ("the next round could be in Geneva"); the story's known
    places and the articles' datelines add smaller votes.
    """
    venues: Counter[str] = Counter()  # by the venue's proper name, folded
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    cities: Counter[str] = Counter()  # float votes
    orgs = {o.lower() for o in story.organisations}
    places = {p.lower(): p for p in story.places}
    for text in texts:
        weight = 2 if event_noun_spans(text, story) else 1
        for venue in find_venues(text, story):
            if venue.lower() in orgs:
                continue
            key = " ".join(w for w in fold(story.canonical(venue)).split() if w not in story.venue_words
                           and w not in ("de", "of", "du", "des", "di"))
            venues[key] += weight
            spellings[key][venue] += weight  # kept as the sources write it, so it can be checked
        nouns = event_noun_spans(text, story)
        planned = bool(NOT_HAPPENED.search(text))
        for m in _IN_PLACE.finditer(text):
            first = m.group(1).split()[0]
            name = story.canonical(first if first.lower() in places else m.group(1))
            if first.lower() in _NOT_PLACES or name in story.organisations \
                    or any(w in story.venue_words for w in fold(name).split()):
                continue
            near_event = any(0 <= m.start() - end <= 40 for _, end in nouns) and not planned
            known = name.lower() in places
            cities[places.get(name.lower(), name)] += 0.5 + (2 if near_event else 0) + (1 if known else 0)
    for place in datelines:
        cities[story.canonical(place)] += 1
    venue = spellings[venues.most_common(1)[0][0]].most_common(1)[0][0] if venues else None
    city = cities.most_common(1)[0][0] if cities else None
    return venue, city


def names_venue(text: str, venue: str | None, story: Story) -> bool:
    """Whether a sentence names the round's venue: where it happened is a fact a summary owes."""
    if not venue:
        return False
    names = {w for w in fold(venue).split() if w not in story.venue_words and len(w) > 3}
    return bool(names & set(fold(text).split()))


def _story_hash(story: Story) -> str:
    return hashlib.sha256(repr(story).encode("utf-8")).hexdigest()[:16]


def discover_rounds(session: Session, story: Story) -> list[Round]:
    """Rebuild the rounds table from the facts.

    A round's venue, city and outcome come from reading its top sentences, the costly part
    with thousands of rounds; they are kept from the previous discovery when the round's
    facts and datelines are the same as then (same count, same newest fact, same story
    vocabulary: the ``fingerprint`` in its evidence), so one new article costs one round.
    """
    session.flush()  # the corpus scans below read through the connection, past the session
    cands, latest = _collect(session)
    days = [d for d in cands if latest is None or d <= latest]
    days = _latest_run(days, story.max_gap_days)

    # every article's own event, then every fact's effective day (read first, streamed; written after)
    changes = [{"aid": article_id, "day": day} for article_id, published, current in session.connection().execute(
        select(Article.id, Article.published, Article.event_date).where(Article.withdrawn_at.is_(None))
        .execution_options(yield_per=STREAM))
        if (day := article_event_day(published, days)) != current]
    articles, facts = Article.__table__, Fact.__table__
    for i in range(0, len(changes), STREAM):
        chunk = changes[i:i + STREAM]
        session.execute(update(articles).where(articles.c.id == bindparam("aid")).values(event_date=bindparam("day")),
                        chunk)
        session.execute(update(facts).where(facts.c.article_id == bindparam("aid"), facts.c.anchor == "article")
                        .values(effective_date=bindparam("day")), chunk)
    number_to_day = _numbers(days, cands)
    # facts placed by an ordinal alone ("for the second time") follow the numbering
    moved = [{"fid": fid, "day": number_to_day.get(ordinal)} for fid, ordinal, current in session.connection().execute(
        select(Fact.id, Fact.ordinal, Fact.effective_date).where(Fact.event_date.is_(None), Fact.ordinal.is_not(None))
        .execution_options(yield_per=STREAM))
        if number_to_day.get(ordinal) != current]
    if moved:
        session.execute(update(Fact.__table__).where(Fact.__table__.c.id == bindparam("fid"))
                        .values(effective_date=bindparam("day")), moved)

    previous = {r.date: (r.first_seen, (r.evidence or {}).get("fingerprint"), r.venue, r.city, r.outcome_fact_id)
                for r in session.scalars(select(Round))}
    session.execute(delete(Round))
    session.flush()
    datelines: dict[dt.date, list[str]] = defaultdict(list)
    if days:
        for day, place in session.execute(select(Article.event_date, Article.dateline).where(
                Article.withdrawn_at.is_(None), Article.event_date.in_(days), Article.dateline.is_not(None))):
            datelines[day].append(place)
    counts: dict[dt.date, tuple[int, int, int]] = {
        day: (groups, facts, newest) for day, groups, facts, newest in session.connection().execute(
            select(Fact.effective_date, func.count(func.distinct(Fact.group_id)), func.count(), func.max(Fact.id))
            .join(Article).where(Article.withdrawn_at.is_(None), Fact.effective_date.in_(days))
            .group_by(Fact.effective_date))} if days else {}
    vocabulary = _story_hash(story)
    rounds = []
    for number, day in number_to_day.items():
        c = cands[day]
        n_groups, n_facts, newest = counts.get(day, (0, 0, 0))
        fingerprint = f"{n_facts}/{newest}/{len(datelines[day])}/{vocabulary}"
        first_seen, known, *place = previous.get(day, (utcnow(), None, None, None, None))
        if known == fingerprint:
            venue, city, outcome_id = place
        else:
            # the round's place and one-line outcome, from its most salient sentences (bounded:
            # memory stays flat at any size)
            top = session.execute(select(Fact.id, Fact.text, Fact.salience).join(Article).where(
                and_(Article.withdrawn_at.is_(None), Fact.effective_date == day))
                .order_by(Fact.salience.desc(), Fact.article_id, Fact.position).limit(PLACE_SAMPLE)).all()
            venue, city = _place_of([text for _, text, _ in top], datelines[day], story)
            outcome = max(top, key=lambda t: t[2] + (VENUE_BONUS if names_venue(t[1], venue, story) else 0.0),
                          default=None)
            outcome_id = outcome[0] if outcome else None
        rounds.append(Round(
            number=number, date=day, date_inferred=c.sourced_by <= {"inferred"}, venue=venue, city=city,
            outcome_fact_id=outcome_id, n_facts=n_groups,
            first_seen=first_seen,
            evidence={"articles": sorted(c.articles), "strong": c.strong,
                      "ordinals": {str(k): v for k, v in c.ordinals.items()}, "fingerprint": fingerprint},
        ))
    session.add_all(rounds)
    session.flush()
    return rounds
