"""Questions -> answers. Reads the store; never writes; knows nothing of Slack or terminals.

Each answer reads its candidate facts (the best CANDIDATES by salience), ranks them
(store/ranking.py) and fills in the page shown: only its facts get articles, files and
round numbers read.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable
from dataclasses import replace
from functools import cached_property, lru_cache
from itertools import combinations
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, Row, Select, Text, and_, bindparam, cast, exists, func, select, union_all
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, sessionmaker

from store.answers import Answer, FactItem, RoundInfo
from store.dedupe import NUMBER_WORDS, STOPWORDS, stem
from store.extract.anchors import ORDINALS, round_named
from store.extract.dates import MONTHS, WEEKDAYS, find_dates, valid_date
from store.extract.entities import PARTICLES, TITLES
from store.models import Article, ArticleFile, Fact, Mention, Round
from store.questions import Question, as_typed, by_weekday, parse_question
from store.ranking import (
    CITED_PER_FACT,
    Candidate,
    CandidateFact,
    Citations,
    Group,
    fact_item,
    newest_first,
    oldest_first,
    rank,
    venue_bonus,
)
from store.search import SALIENCE_TIERS, day_token, month_token, text_match
from store.settings import time_zone
from store.story import Story
from store.terms import Term, Vocabulary, matcher, respelled, search_terms, with_respellings
from store.text import Caseless, clipped, counted, fold, words

T = TypeVar("T")
PAGE_SIZE = 8
CANDIDATES = 400  # facts considered per answer, best first by salience
COPIES_READ_FURTHER = 10  # candidates that fold into fewer than a tenth as many facts are read ten times further
# Beyond this many people matching one name ("person a"), their facts are read in one plain
# query instead of a union of one index range per person (SQLite allows 500 terms in a union).
MAX_UNION_KEYS = 100
NAMES_IN_TITLE = 3  # a person answer names at most this many of the people matching the question
MONTH_YEARS = 30  # "in May" is the latest May with facts, looked for this many years back
SAME_NAME = 85  # rapidfuzz ratio from which two full names are one person's, spelt two ways
# Topic searches on a large store look among the most salient facts first: salience tier 4
# and up (about one fact in 70), then tier 3 and up (one in 10), then every fact. A step pays
# once a common word (a twentieth of all facts) has a pool's worth of matches in it: from
# about 2,500 articles for tier 3, 17,000 for tier 4; below that it is only one query more.
TIER_STEPS = ((4, 1 / 70), (3, 1 / 10))  # (tier, share of all facts in it and above)
COMMON_WORD = 1 / 20  # share of all facts a common word matches
RECENT_ARTICLES = 500  # "people" and "topics" describe the newest coverage
LATEST_ARTICLES = 10  # "latest" tells the facts of this many newest articles
RECENT_BONUS = 3.0  # "latest": added to the score of a fact about the newest day (a good fact scores 2-4)
FEW_MATCHES = 3  # facts with every word of a search below which those with all but one follow them
EXACT_FIRST = 5.0  # added to the score of those with every word, so they stay first
NEXT_STEP = 1.0  # "what comes next": added to the score of a plan that is a step (a meeting, a vote, a signature)
OWN_WORDS = 5.0  # "what did Putin say": added to the score of his own statements, so they come before any mention
RECENT_HALF_LIFE = 7  # days: a fact about a week before the newest day gets half the bonus; older articles are left out
TIMELINE_PAGE = 25  # rounds per timeline page: a story of thousands of rounds is read a page at a time
SOURCES_PAGE = 20  # articles per page of "sources"
LIST_PAGE = 15  # names or words per page of "people" and "topics"
UNKNOWN_ROUNDS = 12  # latest rounds listed when the one asked for does not exist
PLANS_READ = 2000  # facts about the latest round or later read for "what's next": a busy week of coverage
RELAXED_SEARCHES = 10  # searches a question may cost when no fact has all its words (store/query._most_words)
MAX_ROUND = 2**31 - 1  # a round number past a 32-bit column is none the store can hold, not an error

# What an answer reads of a fact: plain columns, not ORM entities. Hydrating hundreds of
# Fact objects (identity map, instance state) per question was most of a round answer. The
# JSON lists come as their text and are decoded only for the facts that need them.
FACT_COLUMNS = (Fact.id, Fact.article_id, Fact.text, Fact.key, Fact.salience, Fact.group_id, Fact.effective_date,
                Fact.event_date, Fact.speaker, Fact.attribution, cast(Fact.people, Text).label("people_json"),
                cast(Fact.places, Text).label("places_json"), cast(Fact.figures, Text).label("figures_json"),
                Fact.background.label("background"))
# What a citation reads of an article; loaded only for the facts on the page being shown.
ARTICLE_COLUMNS = (Article.id, Article.title, Article.outlet, Article.published, Article.date_source,
                   Article.url, Article.withdrawn_at)
DAY_PLANS_READ = 2000  # the day's facts read for the dates they name (a day at 100k articles holds hundreds)
_KNOWN_ROUND_WORDS = {"round", "session", "sitting"}  # what questions read as a round whatever the story file says
MOVED_TOLD = 2  # facts of a round of several days saying it went on in a place, for "the <place> round"
ROUND_COLUMNS = (Round.id, Round.number, Round.date, Round.date_inferred, Round.venue, Round.city,
                 Round.outcome_fact_id, Round.n_facts,
                 # the last day of a round of several days (store/rounds.py), read out of its evidence in SQL
                 Round.evidence["through"].as_string().label("through"))

# Every distinct mention key with its spelling, one index seek per key (a "loose index scan" on
# ix_mentions_key_name_fact, migration 0005) instead of reading every mention: the number of
# people grows far slower than the number of times they are named. The spelling is the last in
# sort order, which is the accented one ("Joaquín Ibáñez", not a wire's "Joaquin Ibanez"; "Tomás"):
# accented letters sort after plain ones, by code point and in PostgreSQL's collations alike.
_MENTION_KEYS = sql_text("""
WITH RECURSIVE k(key) AS (
    SELECT min(key) FROM mentions
    UNION ALL
    SELECT (SELECT min(m.key) FROM mentions m WHERE m.key > k.key) FROM k WHERE k.key IS NOT NULL
)
SELECT k.key, (SELECT max(m.name) FROM mentions m WHERE m.key = k.key) FROM k WHERE k.key IS NOT NULL
""")


# Facts of withdrawn articles are left out of answers by this list (few articles, one index
# range), not by joining every candidate fact to its article: the article row holds its raw
# text, and reading past it cost a third of a topic answer on PostgreSQL.
_WITHDRAWN = select(Article.id).where(Article.withdrawn_at.is_not(None))
# What changes whenever the facts a list describes change: an article or fact added (ids only
# grow), an article withdrawn or brought back. Four index seeks.
_STORE_STATE = select(select(func.max(Article.id)).scalar_subquery(), select(func.max(Fact.id)).scalar_subquery(),
                      *select(func.count(Article.id), func.coalesce(func.sum(Article.id), 0))
                      .where(Article.withdrawn_at.is_not(None)).subquery().c)


class _Kept(Generic[T]):
    """A value read from the store and kept between questions while ``version`` (the newest id
    of what it is read from) is unchanged. Worker threads share the service, hence the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: tuple[Hashable, T] | None = None

    def get(self, version: Hashable, read: Callable[[], T]) -> T:
        with self._lock:
            if self._value is not None and self._value[0] == version:
                return self._value[1]
        value = read()  # outside the lock: a slow read must not hold up the other threads' questions
        with self._lock:
            self._value = (version, value)
        return value


def story_cast(story: Story) -> list[str]:
    """The story file's people: its aliases' full names that are neither venues nor places."""
    return sorted(canon for canon in story.aliases if " " in canon and story.venue_set.isdisjoint(fold(canon).split())
                  and canon not in story.places)


def names_cast(session: Session, story: Story) -> bool:
    """Whether the articles name any of the story file's people (true when it lists none): one that
    names none of them was written for another story."""
    cast = story_cast(story)
    return not cast or session.scalar(select(Mention.id).where(Mention.key.in_([fold(p) for p in cast])).limit(1)) \
        is not None


HELP_TRIES = 4  # topics help tries for an example that has facts (each a question: help stays quick)


class QueryService:
    def __init__(self, sessions: sessionmaker[Session], story: Story, page_size: int = PAGE_SIZE,
                 timezone: str = "UTC") -> None:
        self.sessions = sessions
        self.story = story
        self.page_size = page_size
        self.zone = time_zone(timezone)  # the newsroom's, not the server's: "today" in Kyiv at 1 a.m.
        # key -> name, and key -> its spellings as asked for (name_variants), while no mention is added
        self._people: _Kept[tuple[dict[str, str], dict[str, list[str]]]] = _Kept()
        self._words: _Kept[Vocabulary] = _Kept()  # the newest coverage's words, while no fact is added
        self._topics: _Kept[list[tuple[str, int]]] = _Kept()  # the last list of topics, paged through

    # -- entry point --------------------------------------------------------------------------
    def today(self) -> dt.date:
        return dt.datetime.now(self.zone).date()

    def ask(self, text: str, page: int = 1) -> Answer:
        asked = self._in_round_words(text)
        q = parse_question(asked, today=self.today())
        if asked != text:  # the answer echoes what was typed: "cycle 5"
            q = replace(q, raw=parse_question(text, today=self.today()).raw)
        with self.sessions() as session:
            if q.kind in ("help", "not_understood"):  # no article needed
                return self._handler(q)(session, q, 1)
            if q.kind in ("reindex", "status"):
                return Answer("not_understood", q.raw, "Admin command",
                              message=f"`{q.kind}` is an admin command: use `{self.story.command} {q.kind}` "
                                      f"in Slack or `factdesk {q.kind}`.")
            if not session.scalar(select(exists().where(Article.withdrawn_at.is_(None)))):  # not a count: O(1)
                return Answer("empty", q.raw, "Nothing ingested yet",
                              message="Nothing has been ingested yet: add articles to the watched folder "
                                      "(or run `factdesk ingest`).")
            return self._handler(q)(session, q, q.page or max(1, page))

    @cached_property
    def _label_word(self) -> re.Pattern[str] | None:
        """The story file's word for a round when questions do not know it already ("Cycle": "cycle 5",
        "the fifth cycle", "last cycle" were searches for the word, led by a vaccination campaign's
        "first cycle")."""
        label = fold(self.story.event_label)
        if label in _KNOWN_ROUND_WORDS or not label.isalpha():
            return None
        return re.compile(rf"\b{re.escape(label)}(s?)\b", re.IGNORECASE)

    def _in_round_words(self, text: str) -> str:
        return self._label_word.sub(r"round\1", text) if self._label_word is not None else text

    def _handler(self, q: Question) -> Callable[[Session, Question, int], Answer]:
        """The method that answers a kind of question (the same for a question asked again)."""
        return {"help": self.help, "not_understood": self.not_understood,
                "timeline": self.timeline, "latest": self.latest, "sources": self.list_sources,
                "people": self.people, "topics": self.topics, "round": self.round,
                "person": self.person, "topic": self.topic, "day": self.day, "month": self.month,
                "year": self.year}[q.kind]

    def not_understood(self, session: Session, q: Question, page: int) -> Answer:
        """The parser's reason, in the story's word for a round: a border commission's reporter was told
        "rounds are numbered from 1" of its sittings."""
        lab = self.story.event_label.lower()
        problem = _ROUND_WORD.sub(lambda m: lab + m.group(1), q.problem) if q.problem and lab != "round" else q.problem
        return Answer("not_understood", q.raw, "Not understood", message=problem)

    def help(self, session: Session, q: Question, page: int = 1) -> Answer:
        """The questions one can ask, with this story's own names as examples: a newsroom following
        other talks was shown "Zelensky" and "ceasefire", the sample story's, which its store lacks."""
        c = self.story.command
        person, topics, day = self._examples(session)
        t1, t2 = (topics + ["WORD", "OTHER"])[:2]

        def answered(question: str) -> str:
            """The first of the commonest topics the question has facts on, so the example shows some."""
            return next((t for t in topics[:HELP_TRIES] if self.ask(question.format(t)).facts), t1)

        lab = self.story.event_label.lower()
        n = session.scalar(select(func.max(Round.number))) or 2  # a round the store has (a series may start at 5)
        said_on, in_round, on_day = (answered(f"what did {person} say about {{}}"), answered(f"{{}} {lab} {n}"),
                                     answered(f"{{}} on {day:%-d %B %Y}"))
        lines = [
            f"`{c} {lab} {n}` (also `{_ordinal(n)} {lab}`, `r{n}`): what happened in that {lab}, with sources",
            f"`{c} timeline` (or `{c} where were the talks held?`): every {lab}, its date, venue and outcome",
            f"`{c} person {person}`, just `{c} {person}`, or `{c} what did {person} say`: what someone said or did "
            f"(spelling-tolerant); `{c} what did {person} say about {said_on}`: on one thing",
            f"`{c} {in_round} {lab} {n}` or `{c} topic {t2}`: facts on a topic, optionally in one {lab} "
            f"(`{c} {t1} OR {t2}`; words in quotes are one phrase); `{c} {t1} timeline`: the same by date",
            f"`{c} {day:%-d %B}` (or `{c} what happened on {day:%B %-d}`): that day's {lab}, or what is dated to it; "
            f"also `{c} {on_day} on {day:%-d %B}`; `{c} what happened in {day:%B}` (or `in {day:%Y}`): the month's "
            f"(the year's) facts and {lab}s",
            f"`{c} latest`: the newest facts (`{c} latest on {t1}`: a topic's or a person's); "
            f"`{c} sources`: the articles behind the answers",
            f"`{c} people`, `{c} topics` (`{c} sticking points`): who and what the coverage is about "
            f"(`{c} people {lab} {n}`: in one {lab})",
            f"Add `page 2` to any question for its next facts (`{c} timeline 2`, `{c} {lab} 2 page 3`)",
        ]
        return Answer("help", q.raw, f"{self._title(session)}: what you can ask", message="\n".join(lines),
                      label=self.story.event_label)

    def _examples(self, session: Session) -> tuple[str, list[str], dt.date]:
        """Help's examples: the surname the coverage names most, its two commonest topics and its
        latest round's day, or its newest article's (placeholders and today while nothing is ingested)."""
        if not session.scalar(select(exists().where(Article.withdrawn_at.is_(None)))):
            return "NAME", [], self.today()
        listed = Question("people", "people")
        people = self.people(session, listed, 1).items
        topics = [t for t, _ in self.topics(session, replace(listed, kind="topics", raw="topics"), 1).items]
        # no round found (the story file's words are not the coverage's): the newest article's day, which
        # has facts, not the machine's today, which had none
        latest = session.scalar(select(Round.date).order_by(Round.date.desc()).limit(1)) \
            or session.scalar(select(func.max(Article.published)).where(Article.withdrawn_at.is_(None)))
        name = people[0][0].split() if people else ["NAME"]
        # a surname alone, as reporters type it ("Zelensky"), unless the name has a particle ("Ciarán Ó Briain")
        return " ".join(name[-1:] if len(name) < 3 else name), topics, latest or self.today()

    def _title(self, session: Session) -> str:
        """The story file's name heads answers, unless the articles name none of its people: then it
        is another story's (the sample's, left as the default) and would mislead."""
        return self.story.name if names_cast(session, self.story) else "Factdesk"

    # -- shared helpers -----------------------------------------------------------------------
    def _round_info(self, r: Round | Row) -> RoundInfo:
        through = getattr(r, "through", None)
        return RoundInfo(number=r.number, date=r.date, date_inferred=r.date_inferred, venue=r.venue, city=r.city,
                         venue_name=self.story.canonical(r.venue) if r.venue else None,
                         through=dt.date.fromisoformat(through) if through else None)

    def _rows(self, session: Session, stmt: Select, limit: int | None = None, newest: bool = False) -> list[Candidate]:
        """The best ``limit`` (CANDIDATES) facts, columns only; their articles come later, for the page.
        ``newest``: the latest facts rather than the most salient ("latest on the ceasefire")."""
        order = (Fact.effective_date.desc().nulls_last(),) if newest else ()
        stmt = stmt.where(Fact.article_id.not_in(_WITHDRAWN)).order_by(
            *order, Fact.salience.desc(), Fact.article_id, Fact.position)  # ties: stable
        want = limit or CANDIDATES
        for read in (want, want * 10, want * 100):
            facts = session.connection().execute(stmt.limit(read)).all()  # Core, one fetch
            # A story republished by a hundred outlets: the best facts are a hundred copies of a few
            # sentences, and an answer read that way had three facts to show. Read further then.
            if len(facts) < read or len({f.group_id if f.group_id is not None else -f.id for f in facts}) \
                    >= want // COPIES_READ_FURTHER:
                break
        return [Candidate(CandidateFact(fact)) for fact in facts]

    def _attach_cited(self, session: Session, groups: list[Group]) -> None:
        """Read the articles the page cites, and only those. A fact thirty outlets told is
        thirty rows: for such a group only the articles' dates are read, to choose the
        earliest CITED_PER_FACT; full articles and file names are read for those alone."""
        many = [g for g in groups if g.n_articles > CITED_PER_FACT]
        ids = {row.fact.article_id for g in many for row in g.rows}
        dates = dict(session.connection().execute(  # type: ignore[arg-type]
            select(Article.id, Article.published).where(Article.id.in_(ids))).all()) if ids else {}
        for g in many:
            g.cited = g.choose_cited(lambda r: (dates.get(r.fact.article_id) or dt.date.min, r.fact.article_id))
        self._attach(session, [row for g in groups for row in (g.rows if g.cited is None else g.cited)])

    def _attach(self, session: Session, rows: list[Candidate]) -> None:
        """Give the rows about to be cited their article and file name: one read for the page."""
        ids = {row.fact.article_id for row in rows}
        if not ids:
            return
        articles: dict[int, Row] = {}
        files: dict[int, str] = {}
        for a in session.connection().execute(  # articles and file names in one round trip
                select(*ARTICLE_COLUMNS, ArticleFile.path).outerjoin(ArticleFile, and_(
                    ArticleFile.article_id == Article.id, ArticleFile.status == "active"))
                .where(Article.id.in_(ids)).order_by(*_FIRST_FILE)):
            articles.setdefault(a.id, a)
            if a.path is not None:
                files.setdefault(a.id, a.path)  # inside its folder: "geneva/report.txt" and "wire/report.txt" differ
        for row in rows:
            row.article = articles[row.fact.article_id]
            row.file = files.get(row.fact.article_id, f"article-{row.fact.article_id}")

    def _files(self, session: Session, article_ids: set[int]) -> dict[int, str]:
        if not article_ids:
            return {}
        files: dict[int, str] = {}
        for aid, path in session.connection().execute(select(ArticleFile.article_id, ArticleFile.path).where(
                ArticleFile.article_id.in_(article_ids), ArticleFile.status == "active").order_by(*_FIRST_FILE)):
            files.setdefault(aid, path)  # inside its folder: "geneva/report.txt" and "wire/report.txt" differ
        return files

    def _base(self) -> Select:
        return select(*FACT_COLUMNS)

    def _page(self, session: Session, answer: Answer, groups: list[Group], page: int,
              round_of: dict[dt.date, int] | None = None, order: Callable[[Group], int] | None = None) -> Answer:
        """Fill in the page shown: only its facts get articles, files and round numbers read.
        ``order``: how the page's facts are listed (by date), once the ranking has chosen them."""
        start = (page - 1) * self.page_size
        shown = groups[start:start + self.page_size]
        if order is not None:
            shown.sort(key=order)
        self._attach_cited(session, shown)
        if round_of is None:
            round_of = self._round_map(session, {g.rep.fact.effective_date for g in shown})
        cites = Citations()
        answer.facts = [fact_item(g, cites, round_of) for g in shown]
        answer.sources = cites.sources
        answer.page = page
        answer.has_more = len(groups) > start + self.page_size
        answer.key_figures = _key_figures(answer.facts)
        answer.label = self.story.event_label
        if not shown and groups:
            answer.message = _past_end(page, len(groups), self.page_size)
        return answer

    def _round_map(self, session: Session, dates: set[dt.date | None]) -> dict[dt.date, int]:
        """Round numbers of the given days only (the facts on one page), not of every round."""
        wanted = [d for d in dates if d is not None]
        if not wanted:
            return {}
        return dict(session.connection().execute(  # type: ignore[arg-type]
            select(Round.date, Round.number).where(Round.date.in_(wanted))).all())

    def _resolve_round(self, session: Session, q: Question) -> Row | Answer:
        """The round asked for, by one indexed read; every round is listed only when it does not exist."""
        found = None if q.round is not None and q.round > MAX_ROUND else session.execute(
            select(*ROUND_COLUMNS).where(Round.number == q.round) if q.round != -1 else
            select(*ROUND_COLUMNS).order_by(Round.number.desc()).limit(1)).first()
        if found is not None:
            return found
        n = session.scalar(select(func.count()).select_from(Round)) or 0
        if not n:
            return Answer("unknown_round", q.raw, "No rounds found yet", label=self.story.event_label,
                          message="No round has been identified in the articles yet.")
        rounds = list(session.execute(select(*ROUND_COLUMNS).order_by(Round.number.desc()).limit(UNKNOWN_ROUNDS)))[::-1]
        known = ", ".join(f"{self.story.event_label} {r.number} ({r.date:%-d %b %Y})" for r in rounds)
        if n > len(rounds):  # a story of a thousand rounds: the latest, and where the rest are
            known = f"{n} rounds, the latest {known}; `{self.story.command} timeline` lists them all"
        return Answer("unknown_round", q.raw, f"There is no {self.story.event_label.lower()} {q.round}",
                      rounds=[self._round_info(r) for r in rounds], label=self.story.event_label,
                      message=f"Known so far: {known}.")

    def _rounds_at(self, session: Session, q: Question, place: str, page: int) -> Answer:
        """ "the Aurenza round": the round held in that city or venue, or the rounds when there were
        several (reporters name a round by where it was held as often as by its number)."""
        wanted = f" {fold(self.story.canonical(place))} "
        rounds = list(session.execute(select(*ROUND_COLUMNS).order_by(Round.number)))
        held = [r for r in rounds if wanted in f" {fold(self.story.canonical(r.city or ''))} {fold(r.venue or '')} "]
        held = held or self._moved_to(session, rounds, place)
        label = self.story.event_label
        shown = as_typed(q.raw, place).strip().title() if place.islower() else place
        if len(held) == 1:
            return self._round_answer(session, q, held[0], page)
        if held:
            answer = self.timeline(session, q, page, only=[r.id for r in held], title=f"{label}s held in {shown}")
            answer.message = (f"{len(held)} {label.lower()}s were held in {shown}: "
                              + ", ".join(f"{label.lower()} {r.number} ({r.date:%-d %b %Y})" for r in held)
                              + f". `{self.story.command} {label.lower()} {held[0].number}` gives one.")
            return answer
        # no round was held there: "budget OR session", "the ceasefire round" are read as before
        asked = parse_question(q.raw, self.today(), by_place=False)
        return self._handler(asked)(session, asked, page)

    def _moved_to(self, session: Session, rounds: list[Row], place: str) -> list[Row]:
        """The rounds of several days whose facts say they went on in ``place`` ("opened Monday in Phoenix and
        moved Tuesday to Cedar Ridge"): a round has one city, its first day's, and "the Cedar Ridge round"
        found none. Said in at least MOVED_TOLD of its facts, after "in", "to" or "at"."""
        spoken = re.compile(rf"\b(?:in|to|at)\s+{re.escape(place)}\b", re.IGNORECASE)
        out = []
        for r in rounds:
            if r.through is None:
                continue
            texts = session.scalars(select(Fact.text).join(Article).where(
                Article.withdrawn_at.is_(None), Fact.effective_date == r.date, Fact.text.ilike(f"%{place}%"))
                .limit(50))
            if sum(1 for text in texts if spoken.search(text)) >= MOVED_TOLD:
                out.append(r)
        return out

    def _round_groups(self, session: Session, r: Round | Row, page: int = 1) -> list[Group]:
        rows = self._rows(session, self._base().where(Fact.effective_date == r.date))
        return rank(rows, venue_bonus(r.venue, r.city, self.story, rows), limit=page * self.page_size + 1)

    # -- answers ------------------------------------------------------------------------------
    def round(self, session: Session, q: Question, page: int) -> Answer:
        if q.place:
            return self._rounds_at(session, q, q.place, page)
        r = self._resolve_round(session, q)
        if isinstance(r, Answer) and q.bare and r.kind == "unknown_round" and r.rounds and q.round and q.round > 0:
            # "400" alone: no round 400, but "almost 400 kidnapped children" is a figure the coverage has
            found = self.topic(session, replace(q, kind="topic", term=str(q.round), round=None), page)
            if found.facts:
                label = self.story.event_label.lower()
                found.message = f"There is no {label} {q.round}; these facts mention {q.round}."
                return found
        if isinstance(r, Answer) and r.kind == "unknown_round" and r.rounds and q.round == r.rounds[-1].number + 1:
            # "when is the eighth round?" after the seventh: not held yet, but the coverage says when
            ahead = self.topic(session, replace(q, kind="topic", term="next round", round=None, ahead=True), page)
            if ahead.facts:
                label = self.story.event_label.lower()
                ahead.message = f"There is no {label} {q.round} yet. {ahead.message or ''}".strip()
                return ahead
        return r if isinstance(r, Answer) else self._round_answer(session, q, r, page)

    def _round_answer(self, session: Session, q: Question, r: Round | Row, page: int) -> Answer:
        groups = self._round_groups(session, r, page)
        info = self._round_info(r)
        info.n_facts = len(groups)
        title = f"{self.story.event_label} {r.number}"
        answer = Answer("round", q.raw, title, round=info)
        self._page(session, answer, groups, page, {r.date: r.number})
        if answer.facts:
            info.outcome, info.outcome_sources = answer.facts[0].text, answer.facts[0].sources
        return answer

    def _resolve_day(self, session: Session, q: Question) -> dt.date | Answer:
        """The day asked for. Typed without a year ("2 June"), the latest year in which facts are
        dated that day or articles were published on it (a story runs for years; the newest
        coverage is the likeliest meant), else the latest year of the store. A few index seeks."""
        assert q.day is not None
        year, month, day = q.day
        if year is None:
            dated = Fact.effective_date.is_not(None)
            first = session.scalar(select(func.min(Fact.effective_date)).where(dated))
            last = session.scalar(select(func.max(Fact.effective_date)).where(dated))
            # a century back at most: one stray date in year 1 must not make the lookup 2,000 days long
            years = range(last.year, max(first.year, last.year - 100) - 1, -1) if first and last else range(0)
            days = [d for y in years if (d := valid_date(y, month, day)) is not None]
            found = [session.scalar(select(column).where(*live, column.in_(days)).order_by(column.desc()).limit(1))
                     for column, live in _COVERAGE_DAYS] if days else []
            year = max((d.year for d in found if d), default=last.year if last else self.today().year)
        asked = valid_date(year, month, day)
        if asked is None:
            return Answer("not_understood", q.raw, "Not understood",
                          message=f"There is no such day: {day} {dt.date(2000, month, 1):%B}"
                                  + (f" {q.day[0]}." if q.day[0] else "."))
        if by_weekday(q.raw) and not _has_coverage(session, asked):
            return _latest_covered_weekday(session, asked) or asked
        return asked

    def day(self, session: Session, q: Question, page: int) -> Answer:
        """What happened on a day: the round held that day, else the day's facts (:func:`_of_day`)."""
        asked = self._resolve_day(session, q)
        if isinstance(asked, Answer):
            return asked
        # the round held that day, or one of several days that opened in the week before and runs through it
        held = next((r for r in session.execute(select(*ROUND_COLUMNS).where(
            Round.date.between(asked - dt.timedelta(days=7), asked)).order_by(Round.date.desc()))
                     if r.date == asked or (r.through or "") >= asked.isoformat()), None)
        if held is not None:
            return self._round_answer(session, q, held, page)
        rows = self._rows(session, self._base().where(_of_day(asked)))
        seen = {row.fact.id for row in rows}
        # the facts that name the day without being of it: the plans for it ("meet again in Geneva on
        # July 8"), and what later copy recalls of it
        named = [row for row in self._rows(session, self._base().where(text_match(session, [{day_token(asked)}])))
                 if row.fact.id not in seen]
        answer = Answer("day", q.raw, f"{asked:%a %-d %b %Y}")
        if q.day and q.day[0] is not None and asked != dt.date(*q.day):
            answer.message = (f"Nothing was covered on {dt.date(*q.day):%A %-d %B %Y}: this is the latest "
                              f"{asked:%A} the coverage has.")
        if not rows and named:
            answer.message = (f"No fact is dated {asked:%-d %B %Y} and no article was published that day; "
                              f"these name the day (a plan for it, or a look back at it).")
        elif not rows:
            newest = session.scalar(select(func.max(Article.published)).where(Article.withdrawn_at.is_(None)))
            since = f" (the newest article is of {newest:%-d %B %Y})" if newest and newest < asked else ""
            answer.message = (f"No fact is dated {asked:%-d %B %Y}, and no article was published that day{since}: "
                              f"`{self.story.command} timeline` lists the {self.story.event_label.lower()}s "
                              f"and their days.")
        # what happened that day, then the plans made that day: "the eighth round of talks is scheduled for
        # January 29" came first on a rally's day (a plan's next step ranks up everywhere else)
        plans = [row for row in rows[:DAY_PLANS_READ] if _names_a_later_day(row.fact.text, asked)]
        planned = {row.fact.id for row in plans}
        limit = page * self.page_size + 1
        return self._page(session, answer, rank([row for row in rows if row.fact.id not in planned], limit=limit)
                          + rank(plans, limit=limit) + rank(named, limit=limit), page)

    def _resolve_month(self, session: Session, q: Question) -> tuple[dt.date, dt.date]:
        """The first and last day of the month asked for. Typed without a year, the latest year
        with facts dated in that month, else the latest year of the store."""
        assert q.month is not None
        year, month = q.month
        if year is None:
            last = session.scalar(select(func.max(Fact.effective_date)))
            years = range(last.year, last.year - MONTH_YEARS, -1) if last else range(0)
            year = next((y for y in years if session.scalar(select(Fact.id).where(
                Fact.effective_date.between(*_month_span(y, month))).limit(1)) is not None),
                last.year if last else self.today().year)
        return _month_span(year, month)

    def _day_or_month(self, session: Session, q: Question) -> tuple[ColumnElement[bool], str] | Answer | None:
        """The facts of the day or month a person's or topic's question names, and how the answer
        says it ("on 2 Jun 2025", "in May 2025"); None when it names neither; an Answer for a day
        the calendar lacks."""
        if q.day:
            asked = self._resolve_day(session, q)
            return asked if isinstance(asked, Answer) else (_of_day(asked), f"on {asked:%-d %b %Y}")
        if q.month:
            first, end = self._resolve_month(session, q)
            return Fact.effective_date.between(first, end), f"in {first:%B %Y}"
        return None

    def month(self, session: Session, q: Question, page: int) -> Answer:
        """What happened in a month ("in May"): its facts, best first, and the rounds held in it.
        Typed without a year, the latest year with facts dated in that month."""
        first, end = self._resolve_month(session, q)
        return self._period(session, q, page, (first, end), f"{first:%B %Y}", "month",
                            month_token(first.year, first.month))

    def year(self, session: Session, q: Question, page: int) -> Answer:
        """What happened in a year ("in 2024"): as a month, a year's worth. A year the story only
        looks back on ("since 2022") gets the facts that name it."""
        assert q.year is not None
        return self._period(session, q, page, (dt.date(q.year, 1, 1), dt.date(q.year, 12, 31)), str(q.year),
                            "year", str(q.year))

    def _period(self, session: Session, q: Question, page: int, span: tuple[dt.date, dt.date], title: str,
                unit: str, token: str) -> Answer:
        """The facts dated in ``span``, best first, then those that only name it (``token`` in their
        search text: "a 30-day ceasefire in March", told in June), with the rounds held in it."""
        rows = self._rows(session, self._base().where(Fact.effective_date.between(*span)))
        seen = {row.fact.id for row in rows}
        named = [row for row in self._rows(session, self._base().where(text_match(session, [{token}])))
                 if row.fact.id not in seen]
        answer = Answer("day", q.raw, title)
        held = session.execute(select(*ROUND_COLUMNS).where(Round.date.between(*span)).order_by(Round.date)).all()
        label = self.story.event_label
        if held:
            day = "%a %-d %b" if unit == "month" else "%a %-d %b %Y"
            answer.message = f"Held that {unit}: " + ", ".join(
                f"{label} {r.number} ({r.date:{day}}" + (f" – {dt.date.fromisoformat(r.through):{day}}" if r.through
                                                         else "") + ")" for r in held) \
                + f". `{self.story.command} {label.lower()} N` gives one."
        if not rows and named:
            answer.message = f"No fact is dated in {title}; these name the {unit} (a plan, or a look back)."
        elif not rows:
            answer.message = (f"No fact is dated in {title}: `{self.story.command} timeline` lists the "
                              f"{label.lower()}s and their days.")
        return self._page(session, answer, rank(rows, limit=page * self.page_size + 1)
                          + rank(named, limit=page * self.page_size + 1), page)

    def timeline(self, session: Session, q: Question, page: int, only: list[int] | None = None,
                 title: str | None = None) -> Answer:
        """The rounds (``only`` those ids, when given), ``TIMELINE_PAGE`` at a time, each with its
        one-line outcome.

        Outcomes were chosen when the rounds were discovered, so a page is three reads
        (rounds, outcome facts, their articles) however many rounds the story has.
        """
        start = (page - 1) * TIMELINE_PAGE
        chosen = select(*ROUND_COLUMNS).where(Round.id.in_(only)) if only is not None else select(*ROUND_COLUMNS)
        rounds = list(session.execute(chosen.order_by(Round.number)
                                      .offset(min(start, _OFFSET_MAX)).limit(TIMELINE_PAGE + 1)))
        has_more = len(rounds) > TIMELINE_PAGE
        rounds = rounds[:TIMELINE_PAGE]
        # read-only: a database from before outcomes were stored gets them looked up, not written
        outcome_ids = {r.id: r.outcome_fact_id or session.scalar(
            select(Fact.id).join(Article).where(Article.withdrawn_at.is_(None), Fact.effective_date == r.date)
            .order_by(Fact.salience.desc()).limit(1)) for r in rounds}
        ids = [i for i in outcome_ids.values() if i]
        outcomes = {f.id: Candidate(CandidateFact(f))
                    for f in session.connection().execute(self._base().where(Fact.id.in_(ids)))} if ids else {}
        self._attach(session, list(outcomes.values()))
        infos = []
        cites = Citations()
        for r in rounds:
            info = self._round_info(r)
            info.n_facts = r.n_facts
            row = outcomes.get(outcome_ids[r.id] or 0)
            if row is not None and row.article is not None and row.article.withdrawn_at is None:
                item = fact_item(Group([row]), cites, {r.date: r.number})
                info.outcome, info.outcome_sources = item.text, item.sources
            infos.append(info)
        message = None
        if not rounds:
            n = session.scalar(select(func.count()).select_from(Round)) if page > 1 else 0
            message = _past_end(page, n, TIMELINE_PAGE) if n else \
                "No round has been identified in the articles yet."
        return Answer("timeline", q.raw, title or f"{self._title(session)}: timeline", rounds=infos,
                      sources=cites.sources, label=self.story.event_label, page=page, has_more=has_more,
                      message=message)

    def _named(self, session: Session, term: str) -> tuple[dict[str, str], list[str]]:
        """Every person's key and spelling, and the keys of those ``term`` names: a name, a word
        of one or the start of one, else (a typo) the names or name parts closest to it."""
        names, known = self._people_read(session)
        wanted = fold(self.story.canonical(term))
        # a name, or a word of it, or the start of one: " kovalenko" in " olena kovalenko"; a letter or
        # two start too many ("y" was Andriy Yermak): those only as a whole word ("Li")
        needle = f" {wanted}" if len(wanted) >= 3 else f" {wanted} "
        keys = [k for k in names if wanted and needle in f" {k} "]
        if not keys and names and wanted:  # a typo: compare with whole names and with each part of them
            parts: dict[str, set[str]] = defaultdict(set)
            for k in names:
                for part in [k, *k.split()]:
                    parts[part].add(k)
            close = process.extract(wanted, list(parts), scorer=fuzz.ratio, limit=3, score_cutoff=80,
                                    processor=_transliterated)
            keys = sorted({k for part, _, _ in close for k in parts[part]})
        if 0 < len(keys) <= NAMES_IN_TITLE:  # one person, however the outlets transliterate the name
            for k in keys:
                if k not in known:
                    known[k] = name_variants(k, names)
            keys = sorted({v for k in keys for v in known[k]})
            # their surname alone ("Okafor", a transcript's label), when no one else has it
            alone = {a for k in keys for a in _surnames(k)} & names.keys()
            keys += sorted(a for a in alone if a not in keys
                           and all(k in keys for k in names if k.endswith(a) and a in _surnames(k)))
        return names, keys

    def person(self, session: Session, q: Question, page: int) -> Answer:
        term = q.term or ""
        names, keys = self._named(session, term)
        if not keys:  # no such person: the word may still be in facts ("person ceasefire", "what did Russia demand")
            answer = self.topic(session, replace(q, bare=False, term=" ".join(filter(None, (term, q.saying, q.about)))),
                                page)
            if answer.kind == "topic" and not answer.facts and not q.round and not q.day and not q.month \
                    and page == 1:  # a page past the end says so already
                answer.message = (f"Nobody called {term!r} is named in the articles, and no fact mentions the word: "
                                  f"`{self.story.command} people` lists who is.")
            return answer
        stmt = self._base().where(Fact.id.in_(select(Mention.fact_id).where(Mention.key.in_(keys))))
        narrowed = None  # "in round 2", "on 2 Jun 2025"
        about = search_terms(q.about or "", q.abbreviations, self.story.event_nouns, self.story.word_spellings)
        if about:  # "what did Putin say about the ceasefire": their facts that mention it
            stmt = stmt.where(text_match(session, [set(t.spellings) for t in about]))
        if q.round:
            r = self._resolve_round(session, q)
            if isinstance(r, Answer):
                return r
            narrowed = f"in {self.story.event_label.lower()} {r.number}"
            rows = self._rows(session, stmt.where(Fact.effective_date == r.date))
        elif (when := self._day_or_month(session, q)) is not None:  # "what did Zelensky say in May"
            if isinstance(when, Answer):
                return when
            condition, narrowed = when
            rows = self._rows(session, stmt.where(condition))
        elif about or q.recent:  # "latest on Umerov": the newest of their facts, not only the most salient
            rows = self._rows(session, stmt, newest=q.recent)
        else:
            floor = self._best_mentioned(session, keys)
            rows = [] if floor is None else self._rows(session, self._base().where(Fact.id.in_(
                select(Mention.fact_id).where(Mention.key.in_(keys), Mention.salience >= floor))))
            if len(rows) < CANDIDATES:  # few facts, or some withdrawn: read them all
                rows = self._rows(session, stmt)
        if capitals := [t.capitals for t in about if t.capitals is not None]:  # "US aid": not the "us" of "told us"
            rows = [r for r in rows if all(c.search(r.fact.text) for c in capitals)]
        speaker_keys = set(keys)
        bonus = _recency(rows) if q.recent else {}
        theirs = 0
        for row in rows:
            if row.fact.speaker and fold(row.fact.speaker) in speaker_keys:
                theirs += 1  # "what did Putin say": his own words first, then what is said of him
                bonus[row.fact.id] = bonus.get(row.fact.id, 0.0) + (OWN_WORDS if q.words else 0.5)
        # the full names: a surname alone among them is one of them ("Margaret Okafor", not "..., Okafor")
        spellings = sorted({names[k] for k in keys if " " in k} or {names[k] for k in keys})
        shown = ", ".join(spellings[:NAMES_IN_TITLE]) + (
            f" and {counted(len(spellings) - NAMES_IN_TITLE, 'other')}" if len(spellings) > NAMES_IN_TITLE else "")
        on = f" on “{as_typed(q.raw, q.about or '')}”" if about else ""
        answer = Answer("person", q.raw, f"{shown}{on}: {'the latest' if q.recent else 'what was said and done'}"
                        + (f" {narrowed}" if narrowed else "") + (", in date order" if q.in_order else ""))
        if not rows and about:
            answer.message = (f"No fact names {shown} and mentions {as_typed(q.raw, q.about or '')!r}"
                              f"{' ' + narrowed if narrowed else ''}: "
                              f"`{self.story.command} person {as_typed(q.raw, term)}` tells all they said and did.")
        elif not rows:  # only when a round or day narrows it: every known name is named by some fact
            answer.message = f"No fact names {shown} {narrowed or 'in the articles'}."
        elif q.words and not theirs:  # what others said of them is no statement of theirs
            answer.message = (f"No words of {shown} are reported{' ' + narrowed if narrowed else ''}: "
                              f"these facts name them.")
        whole_story = q.round is None and not q.day and not q.month  # its page spread over the rounds
        groups = rank(rows, bonus, limit=page * self.page_size + 1, spread=whole_story)
        return self._page(session, answer, groups, page, order=_order(q))

    def _names_a_person(self, session: Session, term: str) -> bool:
        """True when ``term`` is a whole name, or whole words of one ("Zelensky", "Rustem Umerov"),
        not the start of one: a bare "pr" or "rust" stays a word search."""
        wanted = f" {fold(self.story.canonical(term))} "
        return wanted.strip() != "" and any(wanted in f" {k} " for k in self._people_read(session)[0])

    def _people_read(self, session: Session) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Every person's key and spelling (:data:`_MENTION_KEYS`), kept between questions while no mention was
        added (one primary-key seek checks). Reading them is one index seek per person: 100 ms
        on PostgreSQL at 100k articles, for a list that changes only when articles arrive. With
        them, a memo of each key's other spellings (:func:`name_variants`), filled as asked."""
        return self._people.get(session.scalar(select(func.max(Mention.id))),
                                lambda: (dict(session.execute(_MENTION_KEYS).all()), {}))  # type: ignore[arg-type]

    def _vocabulary(self, session: Session) -> Vocabulary:
        """The words of the newest coverage (the facts of RECENT_ARTICLES articles), read again
        only when facts were added (one primary-key seek checks): a search that matches nothing
        asks it for the words a mistyped one could be."""
        def read() -> Vocabulary:
            counts: Counter[str] = Counter()
            for (text,) in session.execute(select(Fact.text).where(
                    Fact.article_id.in_(self._newest(RECENT_ARTICLES)))):
                counts.update({w for w in words(text) if len(w) > 3 and not w[0].isdigit()})
            return Vocabulary(dict(counts))

        return self._words.get(session.scalar(select(func.max(Fact.id))), read)

    def _best_mentioned(self, session: Session, keys: list[str]) -> float | None:
        """The salience from which the facts naming any of ``keys`` can be among the best
        CANDIDATES: the CANDIDATES-th best of the tops of each key's index range
        (ix_mentions_key_salience). Facts at least that salient hold the answer's pool, ties
        included. None when the keys are named fewer times than that, or when they are more
        than MAX_UNION_KEYS: read them all.

        One statement, however many people share the name (22 Kovalenkos in the benchmark
        corpus): a query per key cost a round trip each on PostgreSQL."""
        if not keys or len(keys) > MAX_UNION_KEYS:
            return None
        return session.scalar(_best_mentioned_statement(len(keys), CANDIDATES),
                              {f"k{i}": key for i, key in enumerate(keys)})

    def _matching(self, session: Session, stmt: Select, terms: list[set[str]]) -> list[Candidate]:
        """The best CANDIDATES facts matching ``terms``. On a large store, first among the most
        salient facts only (the TIER_STEPS that pay at its size, store/search.py), a narrower
        set first: as soon as one holds CANDIDATES facts they are the answer's pool, exactly
        (every fact left out is less salient than every fact read). Else all matches."""
        if SALIENCE_TIERS:
            facts = session.scalar(select(func.max(Fact.id))) or 0  # the store's size, by one seek
            for tier, share in TIER_STEPS:
                if facts * share * COMMON_WORD < CANDIDATES:
                    continue
                rows = self._rows(session, stmt.where(text_match(session, terms, min_tier=tier)))
                if len(rows) >= CANDIDATES:
                    return rows
        return self._rows(session, stmt.where(text_match(session, terms)))

    def topic(self, session: Session, q: Question, page: int) -> Answer:
        """The facts matching every term of the question (store/terms.py), best first. When none
        does: a name typed alone and mistyped is the person; a mistyped word is searched as the
        coverage spells it ("cesefire"), when that matches; "what's next" is what the articles
        say comes next; else the facts with all but one term, then two (:func:`_most_words`)."""
        if q.bare and self._names_a_person(session, q.term or ""):  # "Erdogan": what he said and did
            return self.person(session, q, page)
        on = _PERSON_ON.match(q.term or "") if q.bare else None
        if on and self._names_a_person(session, on.group(1)):  # "Zelensky on the ceasefire": what he said of it
            return self.person(session, replace(q, term=on.group(1), about=on.group(2)), page)
        terms = search_terms(q.term or "", q.abbreviations, self.story.event_nouns, self.story.word_spellings)
        short = [w for w in words(q.term or "") if len(w) == 2 and w != "or"]
        if not terms and q.raw.isupper() and len(short) == 1:
            # "TOPIC US", "WHAT DID THE US SAY" (caps lock, or a shout): a line all in capitals says
            # nothing of any one word, but the one two-letter word left is the abbreviation
            q = replace(q, abbreviations=frozenset(short))
            terms = search_terms(q.term or "", q.abbreviations, self.story.event_nouns, self.story.word_spellings)
        if not terms:  # "⁂", "the": nothing to search for, and every fact would match
            return Answer("not_understood", q.raw, "Not understood",
                          message=f"no word to search for in {q.term!r}: which topic? Try "
                                  f"\"topic ceasefire\" or \"prisoners round 2\"" + (
                                      "; an abbreviation is searched when typed in capitals (\"topic US\")."
                                      if short else "."))
        shown = clipped(as_typed(q.raw, q.term or "").strip("\"“”"))
        stmt = self._base()
        round_info = None
        where = ""  # " in Round 2", " on 2 Jun 2025"
        if q.round:
            r = self._resolve_round(session, q)
            if isinstance(r, Answer):
                return r
            stmt = stmt.where(Fact.effective_date == r.date)
            round_info = self._round_info(r)
            where = f" in {self.story.event_label} {r.number}"
        elif (when := self._day_or_month(session, q)) is not None:
            if isinstance(when, Answer):
                return when
            stmt = stmt.where(when[0])
            where = f" {when[1]}"

        def matching(which: tuple[int, ...], terms: list[Term] = terms) -> list[Candidate]:
            """The facts matching the terms at ``which``: one round's or day's facts are few and
            matched directly; across the store, best tiers first."""
            chosen = [set(terms[i].spellings) for i in which]
            found = self._rows(session, stmt.where(text_match(session, chosen)), newest=q.recent) \
                if q.round or q.day or q.month or q.recent else self._matching(session, stmt, chosen)
            capitals = [c for i in which if (c := terms[i].capitals) is not None]
            return [r for r in found if all(c.search(r.fact.text) for c in capitals)]

        # "what's next": what the coverage since the latest round says, before any search of the whole store
        plans = self._plans_since_last_round(session, terms) if q.ahead else None
        rows = plans[0] if plans else matching(tuple(range(len(terms))))
        if not rows and q.bare and self._named(session, q.term or "")[1]:
            return self.person(session, q, page)  # "zelenski" alone: a name mistyped, not a word
        title = "What comes next" if q.ahead else f"{'Latest on ' if q.recent else ''}“{shown}”{where}" if shown \
            else f"Facts{where}"
        title += ", in date order" if q.in_order and not q.ahead else ""
        answer = Answer("topic", q.raw, title, round=round_info, message=plans[1] if plans else None)
        # what comes next is first a next step (a meeting, a vote, a signature), then a term's deadline
        bonus: dict[int, float] = {r.fact.id: NEXT_STEP for r in rows if _NEXT_STEPS.found(r.fact.text)} \
            if plans else {}
        if not rows and (fixes := respelled(q.term or "", self._vocabulary(session))):  # "cesefire": one search more
            fixed = replace(q, term=with_respellings(q.term or "", fixes), raw=with_respellings(q.raw, fixes))
            again = search_terms(fixed.term or "", fixed.abbreviations, self.story.event_nouns,
                                 self.story.word_spellings)
            rows = matching(tuple(range(len(again))), again)
            if rows:  # every word matched, as respelled: the answer is the respelled question's
                respelled_shown = clipped(as_typed(fixed.raw, fixed.term or ""))
                answer = Answer("topic", fixed.raw, f"“{respelled_shown}”{where}", round=round_info,
                                message=f"No fact mentions {shown!r}: showing {respelled_shown!r}.")
        if not rows and q.ahead:  # no "next round" in the articles: what they say comes next ("the next session")
            rows = matching((0,))
            if rows:
                answer.message = f"No fact mentions {shown!r}: these say what comes next."
        elif not rows and len(terms) > 1:  # "Istanbul talks outcome": the facts with most of its words
            rows, shared = _most_words(len(terms), matching)
            if rows:
                answer.message = f"No fact mentions all of {shown!r}: these mention {shared} of its " \
                                 f"{len(terms)} words."
        elif 0 < len(rows) < FEW_MATCHES and len(terms) > 1 and not q.ahead and q.yes_no:
            # "did they agree a ceasefire": one fact has both words, and a page of one line reads as
            # all there is; after it, the facts with all but one of the words (a yes-or-no question
            # only: "what did Belostia demand" or "US engineers" asks for just those facts)
            exact = {r.fact.id for r in rows}
            more, shared = _most_words(len(terms), matching)
            extra = [r for r in more if r.fact.id not in exact] if shared == len(terms) - 1 else []
            if extra:
                bonus = {fid: EXACT_FIRST for fid in exact}
                rows = rows + extra
                several = len(exact) > 1
                answer.message = (f"Only {len(exact)} fact{'s mention' if several else ' mentions'} all of "
                                  f"{shown!r}; after {'them' if several else 'it'}, facts with {shared} of its "
                                  f"{len(terms)} words.")
        if not rows:
            answer.message = f"No fact mentions {shown!r}" + (" in that round." if q.round else " on that day."
                                                               if q.day else " in that month." if q.month else ".")
        bonus = _recency(rows) | bonus if q.recent else bonus
        groups = rank(rows, bonus, limit=page * self.page_size + 1)
        # "when is the next round?": the latest plan on top; "ceasefire timeline": the first day first
        return self._page(session, answer, groups, page, order=newest_first if q.ahead else _order(q))

    def _plans_since_last_round(self, session: Session, terms: list[Term]) -> tuple[list[Candidate], str] | None:
        """What the coverage since the latest round says comes next: the facts about that round
        or later that name the next round (every one of ``terms``, or a round by a number not held
        yet) or a time after their article's day (:func:`_points_ahead`). They are few (at most
        PLANS_READ, the most salient), so they are read and matched here: the full-text index
        would match the whole store's "next ... talks" first. None when there are none: the plans
        made before the latest round, which it may have carried out, are all there is."""
        last = session.execute(select(Round.number, Round.date, Round.evidence["through"].as_string().label("through"))
                               .order_by(Round.date.desc()).limit(1)).first()
        if last is None:
            return None
        # a round of several days: what its first day's copy planned for its last ("moving Tuesday to Cedar
        # Ridge, for a signing") was carried out within it
        end = dt.date.fromisoformat(last.through) if last.through else last.date
        recent = self._rows(session, self._base().where(Fact.effective_date >= last.date), limit=PLANS_READ)
        published = dict(session.execute(select(Article.id, Article.published).where(  # type: ignore[arg-type]
            Article.id.in_({r.fact.article_id for r in recent}))).all()) if recent else {}
        patterns = [matcher(t) for t in terms]
        plans = {r.fact.id: r for r in recent if all(p.search(fold(r.fact.text)) for p in patterns)}
        plans.update((r.fact.id, r) for r in recent
                     if _points_ahead(r.fact.text, published.get(r.fact.article_id) or last.date, end))
        # "No date was set for a fifth round" after round 4: the next round by its number
        beyond = set(session.scalars(select(Fact.id).where(Fact.id.in_([r.fact.id for r in recent]),
                                                           Fact.ordinal > last.number))) if recent else set()
        plans.update((r.fact.id, r) for r in recent if r.fact.id in beyond
                     or ((n := round_named(r.fact.text)) is not None and n > last.number))  # "would focus on"
        if not plans:
            return None
        label = f"{self.story.event_label} {last.number} ({last.date:%-d %b %Y})"
        return list(plans.values()), f"What the coverage since {label} says comes next."

    def latest(self, session: Session, q: Question, page: int) -> Answer:
        """The facts of the newest articles (at most LATEST_ARTICLES, published in the week before
        the newest), the latest moments first.

        Newest by publication day (one index read), not by when the file came in: an archive
        dropped into the folder today is not news. A new article also recalls old rounds as
        background, so a fact about the newest day gets RECENT_BONUS, halved for every
        RECENT_HALF_LIFE days it lies before it."""
        newest = session.execute(select(Article.id, Article.published).where(
            Article.withdrawn_at.is_(None), Article.published.is_not(None))
            .order_by(Article.published.desc(), Article.id.desc()).limit(LATEST_ARTICLES)).all()
        last = max((d for _, d in newest), default=None)
        ids = [a for a, d in newest if last - d <= dt.timedelta(days=RECENT_HALF_LIFE)] if last else \
            session.scalars(self._newest(LATEST_ARTICLES)).all()  # no article has a date: the last stored
        rows = self._rows(session, self._base().where(Fact.article_id.in_(ids)))
        bonus = _recency(rows, last)
        chosen = set(ids)
        read = sorted(d for a, d in newest if a in chosen)
        first = "" if not read or read[0] == read[-1] else \
            f"{read[0]:%-d %b} – " if read[0].year == read[-1].year else f"{read[0]:%-d %b %Y} – "
        span = f" · articles of {first}{read[-1]:%-d %b %Y}" if read else ""  # how fresh "latest" is
        answer = Answer("latest", q.raw, f"Latest facts{span}")
        return self._page(session, answer, rank(rows, bonus, limit=page * self.page_size + 1), page)

    def list_sources(self, session: Session, q: Question, page: int) -> Answer:
        """The articles, newest first, SOURCES_PAGE at a time, each with its number of facts; with
        a round ("sources round 2"), the articles telling of it and their facts of it. Only the
        page is read: a store of 100k articles is not loaded to show twenty."""
        live = Article.withdrawn_at.is_(None)
        facts_of: ColumnElement[bool] = and_(True)
        title = "Sources"
        if q.round:
            r = self._resolve_round(session, q)
            if isinstance(r, Answer):
                return r
            facts_of = Fact.effective_date == r.date
            live = and_(live, Article.id.in_(select(Fact.article_id).where(facts_of)))
            title = f"Sources of {self.story.event_label} {r.number}"
        total = session.scalar(select(func.count()).select_from(Article).where(live)) or 0
        start = (page - 1) * SOURCES_PAGE
        articles = session.connection().execute(select(*ARTICLE_COLUMNS).where(live).order_by(
            Article.published.desc().nullslast(), Article.id).offset(min(start, _OFFSET_MAX)).limit(SOURCES_PAGE)).all()
        ids = {a.id for a in articles}
        counts = dict(session.connection().execute(  # type: ignore[arg-type]
            select(Fact.article_id, func.count()).where(Fact.article_id.in_(ids), facts_of)
            .group_by(Fact.article_id)).all()) if ids else {}
        files = self._files(session, ids)
        cites = Citations()
        for a in articles:
            cites.cite(a, files.get(a.id, f"article-{a.id}"))
        return Answer("sources", q.raw, f"{title} ({total} article{'' if total == 1 else 's'})", sources=cites.sources,
                      items=[(files.get(a.id, "?"), counts.get(a.id, 0)) for a in articles],
                      page=page, has_more=total > start + SOURCES_PAGE,
                      message=_past_end(page, total, SOURCES_PAGE) if total and not articles else None)

    def _coverage(self, session: Session, q: Question, newest: int) -> tuple[ColumnElement[bool], str] | Answer:
        """The facts ``people`` and ``topics`` describe, and how to say so: one round's ("people
        round 2"), else the newest articles' (a running story's cast and subjects change)."""
        if not q.round:
            return Fact.article_id.in_(self._newest(newest)), " in the coverage"
        r = self._resolve_round(session, q)
        if isinstance(r, Answer):
            return r
        return and_(Fact.effective_date == r.date, Fact.article_id.not_in(_WITHDRAWN)), \
            f" in {self.story.event_label} {r.number}"

    def people(self, session: Session, q: Question, page: int) -> Answer:
        """Who the coverage is about, each in the spelling :data:`_MENTION_KEYS` shows."""
        scope = self._coverage(session, q, RECENT_ARTICLES)
        if isinstance(scope, Answer):
            return scope
        named = (select(func.max(Mention.name), func.count(func.distinct(Mention.fact_id)))
                 .join(Fact, Fact.id == Mention.fact_id).where(scope[0]).group_by(Mention.key))
        start = (page - 1) * LIST_PAGE
        # the pages before this one are read too: a name spelt two ways is one line (_one_per_person), so
        # a page's lines are not a fixed slice of the rows ("Sherzod Tursunov" ended page 1 and began page 2);
        # a page more: one left after merging?
        rows = session.execute(named.order_by(func.count(func.distinct(Mention.fact_id)).desc(), func.max(Mention.name))
                               .limit(min(start + 2 * LIST_PAGE + 1, _OFFSET_MAX))).all()
        merged = _one_per_person([(n, c) for n, c in rows])
        people = merged[start:start + LIST_PAGE + 1]
        total = 0 if people or page == 1 else len(merged)  # past the end: every row was read
        return self._list_page(q, f"People named{scope[1]}", people, page, total,
                               f"Ask `{self.story.command} person NAME` for what someone said or did.")

    def _list_page(self, q: Question, title: str, items: list[tuple[str, int]], page: int, total: int,
                   hint: str) -> Answer:
        """One page of ``people`` or ``topics``: ``items`` from the page's first, one more than it
        shows when there is a next page; ``total`` counts them all when the page is past the end."""
        return Answer(q.kind, q.raw, title, items=items[:LIST_PAGE], page=page, has_more=len(items) > LIST_PAGE,
                      message=_past_end(page, total, LIST_PAGE) if total and not items else hint)

    def _newest(self, n: int) -> Select:
        return select(Article.id).where(Article.withdrawn_at.is_(None)).order_by(Article.id.desc()).limit(n)

    def topics(self, session: Session, q: Question, page: int) -> Answer:
        """What the coverage is about. The list is computed whole (a word's count needs every
        fact) and kept while the store is unchanged, so paging through it is not computing it
        again: 95 ms at 100k articles."""
        scope = self._coverage(session, q, RECENT_ARTICLES // 2)
        if isinstance(scope, Answer):
            return scope
        version = (*session.execute(_STORE_STATE).one(), scope[1])
        topics = self._topics.get(version, lambda: self._topic_list(session, scope[0]))
        start = (page - 1) * LIST_PAGE
        return self._list_page(q, f"Topics{scope[1]}", topics[start:start + LIST_PAGE + 1], page, len(topics),
                               f"Ask `{self.story.command} topic WORD` (optionally with `round N`).")

    def _topic_list(self, session: Session, scope: ColumnElement[bool]) -> list[tuple[str, int]]:
        """The words the facts in ``scope`` are about, with how many facts use each, most first."""
        names = {w for (k,) in session.execute(select(Mention.key).distinct().join(Fact, Fact.id == Mention.fact_id)
                                               .where(scope)) for w in k.split()}
        # the story's own words ("talks", its places, its cast, job titles) are in everything: not topics
        phrases = (*self.story.event_nouns, *self.story.places, self.story.name, *self.story.alias_index)
        skip = {stem(w) for phrase in phrases for w in words(phrase)} | {stem(w) for w in names} | TITLES
        counts: Counter[str] = Counter()
        spelled: dict[str, Counter[str]] = defaultdict(Counter)
        # the places and outlets the coverage names ("Geneva", "told Al Jazeera"): where and who
        # told it, not what (organisations stay: "farmers" of "Irish Farmers' Association" is a topic)
        named: set[str] = set()
        proper: Counter[str] = Counter()  # facts writing a word with a capital inside a sentence
        followed: dict[str, Counter[str]] = defaultdict(Counter)  # the word after each: "unconditional" ceasefire
        n = 0
        for text, places, outlet in session.execute(select(Fact.text, cast(Fact.places, Text), Fact.attribution)
                                                    .where(scope)):
            n += 1
            if places and places != "[]":
                named.update(stem(w) for place in json.loads(places) for w in words(place))
            if outlet:
                named.update(stem(w) for w in words(outlet))
            proper.update({stem(w.lower() if w.isascii() else fold(w)) for w in _INSIDE_CAPITAL.findall(text)})
            typed = [w.removesuffix("'s") for w in words(text)]  # "the city's budget": "city"
            seen: set[tuple[str, str]] = set()
            nexts: set[tuple[str, str]] = set()
            for i, w in enumerate(typed):
                if len(w) > 4 and w not in STOPWORDS and not w[0].isdigit() and not w.endswith(("ed", "ly")) \
                        and w not in _GENERIC_WORDS and (key := stem(w)) not in skip:
                    seen.add((key, w))
                    after = typed[i + 1] if i + 1 < len(typed) else ""
                    if len(after) > 2 and after not in STOPWORDS and not after[0].isdigit():
                        nexts.add((key, after))
            for key, word in seen:
                spelled[key][word] += 1
            for key, after in nexts:
                followed[key][after] += 1
            counts.update({key for key, _ in seen})
        # and the names the entity step did not read as places or people ("Argentina, Chile, Paraguay and
        # Uruguay", "the Belostian envoy", "Rosenholm Castle"): words most facts write with a capital
        # inside a sentence
        for name in named & counts.keys() | {k for k, c in proper.items() if 2 * c > counts.get(k, 0)}:
            counts.pop(name, None)
        ceiling = max(3, n // 5)  # in more than a fifth of all facts: background, not a topic
        # ties broken by spelling, never by hashing: the same coverage lists the same topics in the
        # same order in every process; of two spellings as frequent, the longer ("prisoners")
        shown = {k: min(spelled[k].items(), key=lambda wc: (-wc[1], -len(wc[0]), wc[0]))[0] for k in counts}
        for k, c in counts.items():  # "unconditional (5)" says little: "unconditional ceasefire (5)"
            after = min(followed[k].items(), key=lambda wc: (-wc[1], wc[0]), default=None)
            if after is not None and after[1] >= max(2, PHRASE_SHARE * c):
                shown[k] = f"{shown[k]} {after[0]}"
        topics = sorted(((shown[k], c) for k, c in counts.items() if c <= ceiling), key=lambda wc: (-wc[1], wc[0]))
        # a word one fact uses is no topic of the coverage: listed only to fill a first page
        recurring = [(w, c) for w, c in topics if c > 1]
        return recurring if len(recurring) >= LIST_PAGE else topics[:LIST_PAGE]


# "Umerov on prisoners", "Zelensky on the ceasefire", when Umerov and Zelensky are names
_PERSON_ON = re.compile(r"^(.+?)\s+(?:on|about|regarding)\s+(?:(?:the|a|an)\s+)?(.+)$")
PHRASE_SHARE = 2 / 3  # of a topic's facts, those that follow it with one word, for the two to be listed as one
# A capitalised word after a word or a comma, not opening a sentence or a quotation: a name
_INSIDE_CAPITAL = re.compile(r"(?<=[\w,;)] )[A-ZÀ-ÖØ-Þ]\w*")


# Words in any news copy that name no subject ("the two sides", "a source said", "ready to"),
# and the calendar: "met on Friday" dates a fact, it is not what the fact is about.
_GENERIC_WORDS = frozenset(NUMBER_WORDS) | frozenset(ORDINALS) | frozenset(WEEKDAYS) | frozenset(MONTHS) | {
    "sides", "parties", "source", "sources", "ready", "possible", "hours", "years", "months", "weeks",
    "people", "country", "countries", "state", "states", "today", "after", "before", "while", "would",
    "could", "should", "which", "their", "there", "other", "between", "during", "including", "since",
    "already", "still", "again", "almost", "never", "always", "later", "often", "rather", "whether", "where",
    "against", "within", "without", "about", "north", "south", "northern", "southern", "eastern", "western",
    "hundred", "thousand", "thousands", "million", "millions", "billion", "billions", "percent",
    # units of measure: "1,200 cubic metres of water" is about water (what is counted stays: "prisoners")
    "cubic", "square", "metres", "meters", "kilometres", "kilometers", "miles", "litres", "liters", "tonnes",
    "hectares", "acres", "gallons", "barrels", "megawatts", "gigawatts", "minutes", "seconds"}


def _transliterated(name: str) -> str:
    """A name as transliterations agree on it: "y" and "i" are one letter (Kyslytsya, Kislitsya)."""
    return name.replace("y", "i")


def _most_words(n: int, matching: Callable[[tuple[int, ...]], list[Candidate]]) -> tuple[list[Candidate], int]:
    """When no fact has all ``n`` words of a search: the facts with all but one of them (any one),
    else all but two, and so on, the best CANDIDATES of them, and how many words they share.
    At most RELAXED_SEARCHES searches: a long question stops at the first levels."""
    budget = RELAXED_SEARCHES
    for size in range(n - 1, 0, -1):
        searches = math.comb(n, size)  # counted before any is built: a pasted page has thousands of words
        if searches > budget:
            break
        budget -= searches
        found = {row.fact.id: row for which in combinations(range(n), size) for row in matching(which)}
        if found:
            best = sorted(found.values(), key=lambda r: (-r.fact.salience, r.fact.article_id, r.fact.id))
            return best[:CANDIDATES], size
    return [], 0


# Times ahead that name no date, which the date extractor leaves alone
_AHEAD_WORDS = re.compile(r"\b(?:next|coming) (?:week|month|year)\b|\blater this (?:week|month|year)\b|"
                          r"\bin the (?:coming|next) (?:days|weeks|months)\b", re.IGNORECASE)


# A step of the process, not a term of the deal: "a formal signature is not expected before mid-2027", "will
# vote on March 28", "the eighth round, in Reykjavik on Feb. 9" (not "will halve their export tax by 2032")
_NEXT_STEPS = Caseless(r"\b(?:sign|signing|signature|ratif\w*|vote|votes|referendum|approv\w*|meet|meeting|"
                       r"reconvene|resume|summit|deadline|scheduled|set\s+for)\b")


def _points_ahead(text: str, published: dt.date, after: dt.date | None = None) -> bool:
    """Whether a sentence names a time after the day it was published (or ``after``, a later day: the last
    of its round): "will vote on March 28", "before the end of August", "not before mid-2027", "next month"
    (not "comments released on July 25", nor Monday's "moving Tuesday to Cedar Ridge" in a round that
    went on till Tuesday)."""
    if _AHEAD_WORDS.search(text):
        return True
    after = max(after or published, published)
    for d in find_dates(text, published):
        if (d.date is not None and d.date > after) or (d.forward and d.date is None):
            return True
        if d.kind == "month" and d.month and (d.year or published.year, d.month) > (published.year, published.month):
            return True
    return False


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


# An article under several names is cited by the one it came in as: a copy saved later ("004 (1).txt")
# took over every citation by coming first in the alphabet
_FIRST_FILE = (ArticleFile.first_seen, ArticleFile.id)


_ROUND_WORD = re.compile(r"\bround(s?)\b")
_ORDINAL_WORDS = {n: word for word, n in ORDINALS.items() if word.endswith(("st", "nd", "rd", "th"))}  # not "one"


def _ordinal(n: int) -> str:
    """"second" for 2, "12th" for 12: help's example of a round asked by its ordinal."""
    if n in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[n]
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# A day's coverage: the facts dated to it, and the articles published on it (each column indexed)
_COVERAGE_DAYS = ((Fact.effective_date, ()), (Article.published, (Article.withdrawn_at.is_(None),)))


def _has_coverage(session: Session, day: dt.date) -> bool:
    """Whether any fact is dated ``day`` or any article was published on it (two index seeks)."""
    return any(session.scalar(select(column).where(*live, column == day).limit(1)) is not None
               for column, live in _COVERAGE_DAYS)


def _latest_covered_weekday(session: Session, before: dt.date, reach: int = 400) -> dt.date | None:
    """The latest day up to ``before``, on its weekday, that has facts dated to it or articles published
    on it: the newest ``reach`` days with coverage of each kind are read, newest first."""
    found = [d for column, live in _COVERAGE_DAYS
             for d in session.scalars(select(column).distinct().where(*live, column <= before)
                                      .order_by(column.desc()).limit(reach))
             if d is not None and d.weekday() == before.weekday()]
    return max(found, default=None)


def _of_day(day: dt.date) -> ColumnElement[bool]:
    """A day's facts: those dated to it, and those told in the articles published on it (the day's
    coverage: a report of the engineers' visit is dated to the round it follows). One index
    range each; an OR of the two conditions would read every fact."""
    return Fact.id.in_(union_all(
        select(Fact.id).where(Fact.effective_date == day),
        select(Fact.id).where(Fact.article_id.in_(select(Article.id).where(
            Article.withdrawn_at.is_(None), Article.published == day)))))


def _recency(rows: list[Candidate], last: dt.date | None = None) -> dict[int, float]:
    """RECENT_BONUS for a fact about the day ``last`` (the newest fact's, when not given), halved
    for every RECENT_HALF_LIFE days before it: the latest facts first, a strong older one still
    above a weak new one."""
    last = last or max((d for r in rows if (d := r.fact.effective_date)), default=None)
    return {row.fact.id: RECENT_BONUS * 0.5 ** (max(0, (last - d).days) / RECENT_HALF_LIFE)
            for row in rows if last and (d := row.fact.effective_date)}


# A page typed as thirty nines: databases store no such OFFSET (SQLite raised OverflowError). Past
# this, the page is past the end of any answer all the same.
_OFFSET_MAX = 2**62


def _past_end(page: int, total: int, per_page: int) -> str:
    """A page asked for past the last one gets told so, not an empty answer."""
    return f"There is no page {page}: this answer ends at page {-(-total // per_page)}."


def _names_a_later_day(text: str, day: dt.date) -> bool:
    """Whether a sentence names a day after ``day`` (its dates read as of ``day``): a plan made that day."""
    return any(d.date is not None and d.date > day for d in find_dates(text, day))


def name_variants(key: str, keys: Collection[str]) -> list[str]:
    """``key`` and the keys of the same full name spelt otherwise: "Abdelkerim Hissène" is AFP's
    "Abdel-Karim Hissein" (ratio SAME_NAME, as :func:`_name_form` writes them), "Sergey Lavrov" is
    "Sergei Lavrov", "Chen Wei" (surname first) "Wei Chen".
    "Kim Jong Un" and "Kim Jong Il", "Ali Hassan" and "Ali Hussein" stay two people."""
    words = key.split()
    if len(words) < 2:
        return [key]
    close = process.extract(key, [k for k in keys if " " in k], scorer=fuzz.ratio, processor=_name_form,
                            score_cutoff=SAME_NAME, limit=None)
    # "Chen Wei" in one paper is "Wei Chen" in the others: a two-word name written surname first
    turned = f"{words[1]} {words[0]}" if len(words) == 2 else None
    initials = _initials_of(key)  # "S. K. Reddy" is not "K. S. Reddy", however close the letters
    return sorted({key, *(k for k, _, _ in close if initials is None or _initials_of(k) in (None, initials)),
                   *([turned] if turned and turned in keys else [])})


def _one_per_person(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A list page's names, a name spelt two ways (:func:`name_variants`) shown once, in the
    spelling most facts use, with both counts (a fact naming both is counted twice)."""
    kept: list[tuple[str, int]] = []
    for name, count in items:
        key = fold(name)
        same = next((i for i, (other, _) in enumerate(kept) if fold(other) in name_variants(key, [fold(other)])), None)
        if same is None:
            kept.append((name, count))
        else:
            kept[same] = (kept[same][0], kept[same][1] + count)
    # a surname alone ("Okafor": a transcript's label, a headline; "Ní Riain", "van den Broek" with their
    # particles) is the one full name ending in it
    merged = dict(kept)
    for name, _ in kept:
        key = fold(name)
        if not _bare_surname(key):
            continue
        owners = [other for other in merged if key in _surnames(fold(other))]
        if len(owners) == 1:
            merged[owners[0]] += merged.pop(name)
    return sorted(merged.items(), key=lambda item: -item[1])


def _surnames(key: str) -> set[str]:
    """What a full name's key may be cut to as a surname: its last word, with the particles before
    it or without ("siobhan ni riain" -> "riain", "ni riain"); nothing for a single word."""
    words = key.split()
    out = {words[-1]} if len(words) > 1 else set()
    for i in range(len(words) - 2, 0, -1):
        if words[i] not in PARTICLES:
            break
        out.add(" ".join(words[i:]))
    return out


def _bare_surname(key: str) -> bool:
    """Whether a name's key may be a surname standing alone: one word ("okafor"), or one after its
    particles ("ni riain", "van den broek")."""
    *before, _ = key.split()
    return all(w in PARTICLES for w in before)


def _name_form(name: str) -> str:
    """A name as its spellings agree on it: hyphens aside, y and i one letter ("Dmytro Kovalchuk" is
    "Dmitri Kovaltchouk", "Evgeny Stasyuk" is "Yevhen Stasiuk"; "Kim Jong Un" is not "Kim Jong Il"),
    initials run together ("K. S. Reddy", "K.S. Reddy", "K S Reddy" and "KS Reddy" are one man)."""
    return _transliterated(_INITIALS.sub(lambda m: _run_together(m) + " ", name.replace("-", "")))


def _initials_of(key: str) -> str | None:
    """The initials a name's key opens with, run together ("k. s. reddy" -> "ks"), or None."""
    m = _INITIALS.match(key)
    return _run_together(m) if m else None


def _run_together(initials: re.Match[str]) -> str:
    return initials[0].replace(".", "").replace(" ", "")


# Initials before a name: "k. s. ", "k.s. ", "k s " (keys are folded)
_INITIALS = re.compile(r"\b(?:[a-z]\.?\s*(?=[a-z]\b|[a-z]\.)){1,3}[a-z]\b\.?\s*(?=\w{2})|\b[a-z]\.\s*(?=\w{2})")


@lru_cache(maxsize=MAX_UNION_KEYS)
def _best_mentioned_statement(n_keys: int, candidates: int) -> Select:
    """:meth:`QueryService._best_mentioned`'s statement for ``n_keys`` keys, bound as ``k0``,
    ``k1``...: built once per count. Building a union of 22 subqueries took longer than
    running it (10 ms of a 20 ms person answer at 100k articles)."""
    tops = [select(Mention.salience.label("salience")).where(Mention.key == bindparam(f"k{i}"))
            .order_by(Mention.salience.desc()).limit(candidates).subquery() for i in range(n_keys)]
    both = union_all(*[select(top.c.salience) for top in tops]).subquery()
    return select(both.c.salience).order_by(both.c.salience.desc()).offset(candidates - 1).limit(1)


def _key_figures(facts: list[FactItem], limit: int = 4) -> list[str]:
    """The page's first figures that say what they count. A bare number ("under 25", "at
    least 1,000") is a figure for ranking, but on the answer's key-figures line, away from
    its sentence, it says nothing; money and percentages carry their unit in their sign."""
    seen: list[str] = []
    for f in facts:
        for fig in f.figures:
            text = fig.get("text") or f"{fig.get('value')} {fig.get('unit')}".strip()
            if not fig.get("unit") and not _SELF_EXPLAINING.search(text):
                continue
            if text and any(c.isdigit() for c in text) and text.lower() not in {s.lower() for s in seen}:
                seen.append(text)
    return seen[:limit]


_SELF_EXPLAINING = re.compile(r"[%$€£]|per ?cent|illion|-[a-z]")  # "45%", "$10 billion", "a 30-day"



def _order(q: Question) -> Callable[[Group], int] | None:
    """How a page lists the facts chosen: by date, from the first, for "ceasefire timeline"."""
    return oldest_first if q.in_order else None
