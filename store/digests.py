"""Digests: what is new for a channel, and the bookkeeping that posts every digest exactly once.

What a channel has been told is in the database, never in a process's memory:

* ``DigestPost(channel, slot)`` is unique. A digest *claims* its slot by inserting that
  row before anything is posted; a unique violation means another process (or an
  earlier run of the same slot) has it, and this one stops. Only a ``failed`` slot can
  be claimed again.
* ``DigestItem(channel, fact_id)`` is unique. The facts a digest is about to show are
  recorded (reserved) in one transaction before posting, so two digests of different
  slots running at once cannot both show a fact: the second one's insert fails, it
  rebuilds from a fresh view and leaves those facts out.

What counts as new for a channel: facts of active (not withdrawn) articles stored after
the newest article the channel was already told about, that have no ``DigestItem`` in that
channel. Of those articles a digest summarises the newest ``DIGEST_ARTICLES`` and counts the
rest: a channel added to a store of 10,000 articles gets a digest of the latest coverage
(its first digest read every fact of the archive: 105 s and 1.3 GB at 10k articles), and
the archive is not dripped into later digests.

Facts of one ``FactGroup`` (near-duplicates) are shown once, citing every article; a
fact whose group the channel has already seen (a paraphrase in a new article, the
unchanged sentences of a corrected file) is recorded as ``covered`` and not shown again.
Each round shows its best few facts; the rest are recorded as ``more`` and counted
("and 12 more: /talks round 2").

Corrections: when an article the channel was shown is withdrawn -- its file changed
(``Article.superseded_by_id`` names the new version) or was deleted -- each of its
unresolved items is looked at once: still stated word for word by an active article
(nothing to say), changed in the new version ("Corrected:", citing the new version),
or gone ("Withdrawn:"). ``DigestItem.resolved_at`` marks it handled, so it is announced
once.

Rounds: each post records the rounds it announced (day and number), those it said moved and
those it said were gone, so the next digest tells only what changed since (:func:`_round_changes`).

Nothing here knows Slack: :func:`build_digest` returns a plain :class:`Digest` that
``bot/digest.py`` renders and posts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import Engine, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from store.answers import RoundInfo, Source
from store.leases import LeaseKeeper
from store.models import Article, ArticleFile, DigestItem, DigestPost, Fact, Round, utcnow
from store.query import names_cast
from store.ranking import Candidate, Citations, fact_item, rank, venue_bonus
from store.rounds import round_through
from store.story import Story
from store.text import fold

log = logging.getLogger(__name__)

SHOWN_PER_ROUND = 5  # facts shown per round; the rest are counted and left to /talks round N
SHOWN_OTHER = 3  # facts of no round (background, other days)
COUNTERPART = 60  # rapidfuzz score from which a new version's sentence is the corrected old one
DIGEST_ARTICLES = 200  # newest new articles a digest summarises; any earlier new ones are counted
RESERVE_ATTEMPTS = 5


# -- the digest, as plain data ---------------------------------------------------------------
@dataclass
class DigestFact:
    text: str
    sources: list[int]  # citation numbers of the articles that say it in these words, the representative's first
    fact_id: int
    group_id: int | None
    score: float
    uncited: int = 0  # further articles telling it, beyond the cited ones (ranking.CITED_PER_FACT)
    also: list[int] = field(default_factory=list)  # articles telling it in other words: "(also [2])"


@dataclass
class DigestSection:
    round: RoundInfo | None  # None: facts tied to no round (background, other days)
    facts: list[DigestFact] = field(default_factory=list)
    more: int = 0  # further new facts not shown


@dataclass
class Correction:
    kind: str  # corrected | withdrawn | restored (told withdrawn, and its article came back)
    old_text: str
    new_text: str | None = None
    source: int | None = None  # citation number of the new version of the article
    removed_file: str | None = None  # withdrawn because this file was removed


@dataclass
class MovedRound:
    now: RoundInfo
    was: dt.date  # the day the channel was told


@dataclass
class GoneRound:
    number: int
    date: dt.date


@dataclass
class ItemRecord:
    fact_id: int
    group_id: int | None
    article_id: int
    text: str
    role: str  # shown | covered | more


@dataclass
class Digest:
    channel: str
    title: str
    label: str
    command: str
    new_rounds: list[RoundInfo] = field(default_factory=list)
    moved_rounds: list[MovedRound] = field(default_factory=list)  # announced, now on another day
    gone_rounds: list[GoneRound] = field(default_factory=list)  # announced, no longer reported
    resized_rounds: list[RoundInfo] = field(default_factory=list)  # announced, now told with other days
    corrections: list[Correction] = field(default_factory=list)
    sections: list[DigestSection] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    records: list[ItemRecord] = field(default_factory=list)
    resolve: list[int] = field(default_factory=list)  # DigestItem ids handled by this digest
    earlier: int = 0  # new articles older than the DIGEST_ARTICLES summarised: counted, not read
    built_at: dt.datetime = field(default_factory=utcnow)

    @property
    def n_facts(self) -> int:
        return sum(len(s.facts) for s in self.sections)

    @property
    def is_empty(self) -> bool:
        """Nothing to tell the channel: no post (the slot is recorded as empty)."""
        return not (self.new_rounds or self.moved_rounds or self.gone_rounds or self.resized_rounds
                    or self.corrections or self.n_facts)

    def summary(self) -> dict[str, object]:
        roles = defaultdict(int)
        for r in self.records:
            roles[r.role] += 1
        return {"facts": self.n_facts, "more": sum(s.more for s in self.sections),
                "covered": roles["covered"], "corrections": len(self.corrections), "earlier": self.earlier,
                "rounds": [{"number": r.number, "date": r.date.isoformat(),
                            "through": r.through.isoformat() if r.through else None}
                           for r in [*self.new_rounds, *(m.now for m in self.moved_rounds), *self.resized_rounds]],
                "moved_from": [m.was.isoformat() for m in self.moved_rounds],
                "gone": [{"number": g.number, "date": g.date.isoformat()} for g in self.gone_rounds],
                "resolved": list(self.resolve)}


# -- building ----------------------------------------------------------------------------------
def _round_info(r: Round, story: Story) -> RoundInfo:
    return RoundInfo(number=r.number, date=r.date, date_inferred=r.date_inferred, venue=r.venue, city=r.city,
                     venue_name=story.canonical(r.venue) if r.venue else None, through=round_through(r.evidence))


def file_names(session: Session, article_ids: set[int]) -> dict[int, str]:
    """A file name per article: its active file, else the last file that held it."""
    if not article_ids:
        return {}
    names: dict[int, str] = {}
    rows = session.execute(select(ArticleFile.article_id, ArticleFile.path, ArticleFile.status).where(
        ArticleFile.article_id.in_(article_ids)).order_by(ArticleFile.updated_at.desc(), ArticleFile.path))
    for aid, path, status in rows:
        if aid not in names or status == "active":
            names[aid] = path.rsplit("/", 1)[-1]
    return names


def _successor(session: Session, article: Article) -> Article | None:
    """The active version that replaced a withdrawn article (following a chain of edits)."""
    seen = {article.id}
    current = article
    while current.superseded_by_id is not None and current.superseded_by_id not in seen:
        nxt = session.get(Article, current.superseded_by_id)
        if nxt is None:
            return None
        if nxt.withdrawn_at is None:
            return nxt
        seen.add(nxt.id)
        current = nxt
    return None


def _announced_rounds(session: Session, channel: str) -> tuple[dict[dt.date, int], dict[dt.date, str | None]]:
    """The rounds the channel was told of and not told were gone or moved: day -> number; and the
    last day each was told to end on (day -> ISO day, None for one day), where the post says it."""
    told: dict[dt.date, int] = {}
    through: dict[dt.date, str | None] = {}
    for (items,) in session.execute(select(DigestPost.items).where(
            DigestPost.channel == channel, DigestPost.status.in_(("claimed", "posted"))).order_by(DigestPost.id)):
        items = items or {}
        for day in items.get("moved_from", []):
            told.pop(dt.date.fromisoformat(day), None)
        for r in items.get("gone", []):
            told.pop(dt.date.fromisoformat(r["date"]), None)
        for r in items.get("rounds", []):
            told[dt.date.fromisoformat(r["date"])] = int(r["number"])
            if "through" in r:  # posts before rounds of several days do not say
                through[dt.date.fromisoformat(r["date"])] = r["through"]
    return told, through


def _round_changes(session: Session, channel: str, rounds: list[Round]) -> tuple[list[Round],
                                                                                 list[tuple[Round, dt.date]],
                                                                                 list[GoneRound], list[Round]]:
    """Rounds that appeared, moved or went since the channel was last told about rounds.

    Tracked by what was announced (the round days each posted digest records), not by
    comparing ``Round.first_seen`` with the last digest's time: that comparison would
    miss a round discovered while a digest was being built, and ``first_seen`` restarts
    when a round's date moves. A round whose number was announced on a day no round is held
    on any more has moved there ("Round 4 is now 28 Aug"): announced as new, it read as a
    second round 4. An announced day no round is held on, that no round moved from, is gone
    (its articles were withdrawn); a round that comes back is new again. A round told with other
    days than it has now (a sitting found to last three days, or no longer) is told again.
    """
    told, told_through = _announced_rounds(session, channel)
    held = {r.date for r in rounds}
    by_number = {number: day for day, number in told.items() if day not in held}
    new: list[Round] = []
    moved: list[tuple[Round, dt.date]] = []
    resized: list[Round] = []
    for r in rounds:
        if r.date in told:
            through = round_through(r.evidence)
            if r.date in told_through and told_through[r.date] != (through.isoformat() if through else None):
                resized.append(r)
            continue
        was = by_number.pop(r.number, None)
        if was is not None:
            moved.append((r, was))
        else:
            new.append(r)
    gone = [GoneRound(number, day) for number, day in sorted(by_number.items())]
    return new, moved, gone, resized


def build_digest(session: Session, story: Story, channel: str) -> Digest:
    """What ``channel`` has not been told yet. Reads only; :func:`reserve` records it."""
    rounds = list(session.scalars(select(Round).order_by(Round.number)))
    round_of = {r.date: r for r in rounds}
    # the story file's name, unless the coverage names none of its people (the sample's, left as the default)
    name = story.name if names_cast(session, story) else "Factdesk"
    digest = Digest(channel=channel, title=f"{name}: what's new", label=story.event_label,
                    command=story.command)
    cites = Citations()
    records: dict[int, ItemRecord] = {}  # fact_id -> record
    posted_groups = {g for (g,) in session.execute(select(DigestItem.group_id).where(
        DigestItem.channel == channel, DigestItem.group_id.is_not(None)).distinct())}

    def standing(fact_id: int) -> bool:
        """Told to the channel and not corrected or withdrawn since (or being told now)."""
        return fact_id in records or bool(session.scalar(select(exists().where(
            DigestItem.channel == channel, DigestItem.fact_id == fact_id, DigestItem.resolved_at.is_(None)))))

    _corrections(session, digest, cites, records, standing)
    _restored(session, digest, cites, records)
    seen_groups = posted_groups | {r.group_id for r in records.values() if r.group_id is not None}

    # new facts, grouped by round, ranked and deduplicated the way /talks answers are
    window = _new_articles(session, digest)
    new_rows = session.execute(
        select(Fact, Article).join(Article, Fact.article_id == Article.id)
        .where(Article.id.in_(window),
               ~exists().where(DigestItem.channel == channel, DigestItem.fact_id == Fact.id))
        .order_by(Fact.article_id, Fact.position)).all() if window else []
    fresh: list[tuple[Fact, Article]] = []
    for fact, article in new_rows:
        if fact.id in records:
            continue
        if fact.group_id is not None and fact.group_id in seen_groups:
            records[fact.id] = ItemRecord(fact.id, fact.group_id, article.id, fact.text, "covered")
        else:
            fresh.append((fact, article))
    names = file_names(session, {a.id for _, a in fresh})
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for fact, article in fresh:
        key = fact.group_id if fact.group_id is not None else -fact.id
        groups[key].append(Candidate(fact, article, names.get(article.id, f"article-{article.id}")))
    by_day: dict[dt.date | None, list[Candidate]] = defaultdict(list)
    for rows in groups.values():  # a group goes to one section: its representative's round
        rep = max(rows, key=lambda row: (row.fact.salience, -row.article.id))
        by_day[rep.fact.effective_date if rep.fact.effective_date in round_of else None] += rows

    round_numbers = {d: r.number for d, r in round_of.items()}
    order = sorted((d for d in by_day if d is not None), key=lambda d: -round_of[d].number)
    order += [None] if None in by_day else []
    for day in order:
        rows = by_day[day]
        r = round_of.get(day) if day is not None else None
        ranked = rank(rows, venue_bonus(r.venue, r.city, story, rows) if r is not None else None)
        section = DigestSection(_round_info(r, story) if r is not None else None)
        limit = SHOWN_PER_ROUND if r is not None else SHOWN_OTHER
        for i, group in enumerate(ranked):
            role = "shown" if i < limit else "more"
            for row in group.rows:
                records[row.fact.id] = ItemRecord(row.fact.id, row.fact.group_id, row.article.id, row.fact.text,
                                                  role)
            if role == "more":
                section.more += 1
                continue
            item = fact_item(group, cites, round_numbers)
            section.facts.append(DigestFact(item.text, item.sources, item.fact_id, item.group_id,
                                            round(item.score, 3), item.uncited,
                                            [n for n in item.all_sources if n not in item.sources]))
        digest.sections.append(section)

    new, moved, gone, resized = _round_changes(session, channel, rounds)
    digest.new_rounds = [_round_info(r, story) for r in new]
    digest.moved_rounds = [MovedRound(_round_info(r, story), was) for r, was in moved]
    digest.gone_rounds = gone
    digest.resized_rounds = [_round_info(r, story) for r in resized]
    digest.sources = cites.sources
    digest.records = list(records.values())
    return digest


def _new_articles(session: Session, digest: Digest) -> list[int]:
    """The newest DIGEST_ARTICLES active articles stored after the last one the channel was
    told about; ``digest.earlier`` counts the others. Article ids grow in the order articles
    are committed (one ingest writes at a time: the ingest lease), so an id says "after"."""
    told = session.scalar(select(func.max(DigestItem.article_id)).where(DigestItem.channel == digest.channel)) or 0
    new = (Article.id > told, Article.withdrawn_at.is_(None))
    window = list(session.scalars(select(Article.id).where(*new).order_by(Article.id.desc()).limit(DIGEST_ARTICLES)))
    if len(window) == DIGEST_ARTICLES:
        digest.earlier = (session.scalar(select(func.count()).select_from(Article).where(*new)) or 0) - len(window)
    return window


def _corrections(session: Session, digest: Digest, cites: Citations, records: dict[int, ItemRecord],
                 standing) -> None:  # type: ignore[no-untyped-def]
    """Look once at every unresolved item whose article was withdrawn since it was posted.

    A sentence told once, corrected away and now back (an edit undone: "July", then "June"
    again) is no longer standing: it is the correction's new text, and told again."""
    pending = session.execute(
        select(DigestItem, Article).join(Article, Article.id == DigestItem.article_id)
        .where(DigestItem.channel == digest.channel, DigestItem.resolved_at.is_(None),
               Article.withdrawn_at.is_not(None))
        .order_by(DigestItem.role.desc(), DigestItem.id)).all()  # shown before more/covered
    if not pending:
        return
    successor_facts: dict[int, list[Fact]] = {}
    old_texts: dict[int, set[str]] = {}
    announced: set[object] = set()
    names = file_names(session, {a.id for _, a in pending})

    def carry(fact: Fact, role: str = "covered") -> None:
        if not standing(fact.id):
            records[fact.id] = ItemRecord(fact.id, fact.group_id, fact.article_id, fact.text, role)

    def cite(article: Article) -> int:
        return cites.cite(article, file_names(session, {article.id}).get(article.id, f"article-{article.id}"))

    for item, article in pending:
        digest.resolve.append(item.id)
        if item.role == "more":
            continue  # the channel was never shown it: nothing to correct
        successor = _successor(session, article)
        # still stated word for word by an active article (the new version first): it stands
        same = session.execute(
            select(Fact).join(Article, Fact.article_id == Article.id)
            .where(Article.withdrawn_at.is_(None), Fact.text == item.text)
            .order_by((Fact.article_id == (successor.id if successor else -1)).desc(), Fact.id).limit(1)).scalar()
        if same is not None:
            carry(same)
            continue
        key = ("group", item.group_id) if item.group_id is not None else ("text", fold(item.text))
        if key in announced:
            continue  # another sentence of the same fact was just announced
        counterpart = None
        if successor is not None:
            if successor.id not in successor_facts:
                successor_facts[successor.id] = list(session.scalars(
                    select(Fact).where(Fact.article_id == successor.id).order_by(Fact.position)))
            if article.id not in old_texts:
                old_texts[article.id] = set(session.scalars(select(Fact.text).where(Fact.article_id == article.id)))
            # sentences the edit left alone stand for themselves; they correct nothing
            candidates = [f for f in successor_facts[successor.id] if f.text not in old_texts[article.id]
                          and not standing(f.id)]
            old = fold(item.text)
            best = None
            for f in candidates:
                score = max(fuzz.ratio(old, fold(f.text)), fuzz.token_sort_ratio(old, fold(f.text)))
                score += 100 if item.group_id is not None and f.group_id == item.group_id else 0
                if score >= COUNTERPART and (best is None or score > best[0]):
                    best = (score, f)
            counterpart = best[1] if best else None
        if counterpart is not None and successor is not None:
            carry(counterpart, "shown")
            digest.corrections.append(Correction("corrected", item.text, counterpart.text, cite(successor)))
            announced.add(key)
            continue
        if item.group_id is not None:
            # the same fact, in other words, still in an active article: it stands
            other = session.execute(
                select(Fact).join(Article, Fact.article_id == Article.id)
                .where(Article.withdrawn_at.is_(None), Fact.group_id == item.group_id)
                .order_by(Fact.id).limit(1)).scalar()
            if other is not None:
                carry(other)
                continue
        announced.add(key)
        if successor is not None:
            digest.corrections.append(Correction("withdrawn", item.text, source=cite(successor)))
        else:
            digest.corrections.append(Correction("withdrawn", item.text,
                                                 removed_file=names.get(article.id, f"article-{article.id}")))


def _restored(session: Session, digest: Digest, cites: Citations, records: dict[int, ItemRecord]) -> None:
    """Items resolved when their article went (a file deleted) whose article is back (the file put
    back): told again as "Back:", and standing again. One that another article still stated when its
    own went was never announced gone: it stands again without a word."""
    rows = session.execute(
        select(DigestItem, Fact, Article).join(Fact, Fact.id == DigestItem.fact_id)
        .join(Article, Article.id == Fact.article_id)
        .where(DigestItem.channel == digest.channel, DigestItem.resolved_at.is_not(None), DigestItem.role != "more",
               Article.withdrawn_at.is_(None))
        .order_by(DigestItem.id)).all()
    names = file_names(session, {a.id for _, _, a in rows}) if rows else {}
    announced: set[object] = set()
    for item, fact, article in rows:
        if fact.id in records:
            continue  # an edit undone: the correction back to it was just announced (:func:`_corrections`)
        records[fact.id] = ItemRecord(fact.id, fact.group_id, article.id, fact.text, item.role)
        same = Fact.text == fact.text if fact.group_id is None else or_(Fact.text == fact.text,
                                                                            Fact.group_id == fact.group_id)
        said_elsewhere = session.scalar(select(exists().where(
            Fact.article_id != article.id, same,
            Fact.article_id.in_(select(Article.id).where(Article.withdrawn_at.is_(None))))))
        key = ("group", fact.group_id) if fact.group_id is not None else ("text", fold(fact.text))
        # "covered": a sentence an edit left alone, carried to the new version, was told withdrawn with it
        if item.role in ("shown", "covered") and not said_elsewhere and key not in announced:
            announced.add(key)
            digest.corrections.append(Correction("restored", fact.text, source=cites.cite(
                article, names.get(article.id, f"article-{article.id}"))))


# -- recording ---------------------------------------------------------------------------------
class _Conflict(Exception):
    """Another digest recorded or resolved the same items first; build again."""


def claim_slot(sessions: sessionmaker[Session], channel: str, slot: str) -> int | None:
    """Insert the unique (channel, slot) row. Its id, or None when the slot is someone else's.

    A slot whose earlier attempt failed (Slack refused the post) can be claimed again.
    """
    try:
        with sessions.begin() as s:
            post = DigestPost(channel=channel, slot=slot, status="claimed", items={})
            s.add(post)
            s.flush()
            return post.id
    except IntegrityError:
        pass
    with sessions.begin() as s:
        retried = s.execute(update(DigestPost).where(
            DigestPost.channel == channel, DigestPost.slot == slot, DigestPost.status == "failed")
            .values(status="claimed", created_at=utcnow(), posted_at=None, ts=None, items={}))
        if retried.rowcount == 1:
            return s.scalar(select(DigestPost.id).where(DigestPost.channel == channel, DigestPost.slot == slot))
    return None


def _record(session: Session, post_id: int, digest: Digest) -> None:
    now = utcnow()
    # a fact told before and corrected away, told again (an edit undone): its row is told again
    told_before = set(session.scalars(select(DigestItem.fact_id).where(
        DigestItem.channel == digest.channel, DigestItem.fact_id.in_([r.fact_id for r in digest.records]),
        DigestItem.resolved_at.is_not(None)))) if digest.records else set()
    for r in digest.records:
        if r.fact_id in told_before:
            session.execute(update(DigestItem).where(DigestItem.channel == digest.channel,
                                                     DigestItem.fact_id == r.fact_id)
                            .values(resolved_at=None, role=r.role, post_id=post_id))
    session.add_all(DigestItem(channel=digest.channel, fact_id=r.fact_id, group_id=r.group_id,
                               article_id=r.article_id, text=r.text, role=r.role, post_id=post_id)
                    for r in digest.records if r.fact_id not in told_before)
    session.flush()
    if digest.resolve:
        done = session.execute(update(DigestItem).where(DigestItem.id.in_(digest.resolve),
                                                        DigestItem.resolved_at.is_(None))
                               .values(resolved_at=now))
        if done.rowcount != len(digest.resolve):
            raise _Conflict
    post = session.get(DigestPost, post_id)
    assert post is not None
    post.items = digest.summary()
    if digest.is_empty:
        post.status, post.posted_at = "empty", now


def reserve(sessions: sessionmaker[Session], story: Story, channel: str, post_id: int,
            engine: Engine | None = None) -> Digest:
    """Build the digest for a claimed slot and record its items in one transaction.

    With ``engine``, digests of one channel are built one at a time (lease
    ``digest:<channel>``), so two slots running at once cannot both announce the same new
    round; the unique (channel, fact_id) row protects the facts either way. An empty
    digest marks the slot ``empty`` right away; otherwise the slot stays ``claimed``
    (which already counts as announced) until :func:`mark_posted` or :func:`mark_failed`.
    """
    guard = LeaseKeeper(engine, f"digest:{channel}"[:50], ttl=120, wait=120) if engine is not None \
        else contextlib.nullcontext()
    with guard:
        for attempt in range(1, RESERVE_ATTEMPTS + 1):
            try:
                with sessions.begin() as s:
                    digest = build_digest(s, story, channel)
                    _record(s, post_id, digest)
                return digest
            except (IntegrityError, _Conflict):
                log.info("digest for %s: another digest recorded some of the same facts; rebuilding (%d)",
                         channel, attempt)
    raise RuntimeError(f"digest for {channel}: could not record its facts after {RESERVE_ATTEMPTS} attempts")


def mark_posted(sessions: sessionmaker[Session], post_id: int, ts: str | None) -> None:
    with sessions.begin() as s:
        s.execute(update(DigestPost).where(DigestPost.id == post_id)
                  .values(status="posted", ts=ts, posted_at=utcnow()))


def mark_failed(sessions: sessionmaker[Session], post_id: int, error: str) -> None:
    """Posting failed: give the facts back (the next digest takes them) and re-open corrections."""
    with sessions.begin() as s:
        post = s.get(DigestPost, post_id)
        if post is None:
            return
        resolved = [int(i) for i in (post.items or {}).get("resolved", [])]
        if resolved:
            s.execute(update(DigestItem).where(DigestItem.id.in_(resolved)).values(resolved_at=None))
        s.execute(delete(DigestItem).where(DigestItem.post_id == post_id))
        post.status = "failed"
        post.items = (post.items or {}) | {"error": error[:500]}


def last_posts(session: Session) -> list[DigestPost]:
    """The latest digest post of every channel that ever had one."""
    latest = select(DigestPost.channel, DigestPost.id).order_by(DigestPost.channel, DigestPost.id.desc())
    seen: dict[str, int] = {}
    for channel, pid in session.execute(latest):
        seen.setdefault(channel, pid)
    return [p for p in (session.get(DigestPost, i) for i in seen.values()) if p is not None]
