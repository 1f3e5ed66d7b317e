"""Database tables (SQLAlchemy 2 typed ORM). Alembic migrations in ``store/migrations`` mirror these.

Articles are immutable content (one row per distinct text); files point at the article
they currently hold, so a changed file is a new article version and a deleted file
withdraws its article from answers without deleting anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# the facts placed by an ordinal alone: what ix_facts_ordinal_only holds (migration 0007)
ORDINAL_ONLY = text("event_date IS NULL AND ordinal IS NOT NULL")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Article(Base):
    __tablename__ = "articles"
    # the newest article in answers, which round discovery asks after every ingest: one index
    # read instead of every article (0008)
    # and `status`'s count of articles an older extractor read: an index count, where reading
    # the table (texts included) took 6.8 s on a cold 100k SQLite store (0012)
    __table_args__ = (Index("ix_articles_withdrawn_published", "withdrawn_at", "published"),
                      Index("ix_articles_withdrawn_version", "withdrawn_at", "extractor_version"))

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    # header | front_matter | dateline | inferred | unknown
    date_source: Mapped[str] = mapped_column(String(20), default="unknown")
    date_reason: Mapped[str | None] = mapped_column(Text)
    # The day of the event the article mainly reports; set by round discovery.
    event_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    lead_event: Mapped[bool] = mapped_column(Boolean, default=False)
    # What its opening says of that event (store.extract.pipeline.ExtractedArticle): the day it names
    # in the week before publication, the round's number in the outlets' own count. Round discovery
    # reads them for an article whose opening reports its event (``lead_event``).
    lead_day: Mapped[dt.date | None] = mapped_column(Date)
    lead_ordinal: Mapped[int | None] = mapped_column(Integer)
    dateline: Mapped[str | None] = mapped_column(String(100))
    raw_text: Mapped[str] = mapped_column(Text, deferred=True)  # large: loaded only when asked for
    size: Mapped[int] = mapped_column(Integer, default=0)
    extractor_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))

    facts: Mapped[list[Fact]] = relationship(back_populates="article", cascade="all, delete-orphan",
                                             order_by="Fact.position")
    files: Mapped[list[ArticleFile]] = relationship(back_populates="article")


class ArticleFile(Base):
    """A file in the watched folder and the article it holds now."""

    __tablename__ = "article_files"
    __table_args__ = (UniqueConstraint("root", "path", name="uq_article_files_root_path"),
                      Index("ix_article_files_article_status_path", "article_id", "status", "path"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # The folder it was found in (resolved) and its path inside it: `factdesk ingest other/`
    # adds to the store without withdrawing the watched folder's files.
    root: Mapped[str] = mapped_column(String(1000), default="")
    path: Mapped[str] = mapped_column(String(1000))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    mtime_ns: Mapped[int] = mapped_column(BigInteger, default=0)
    # active | deleted | failed
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    error: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    article: Mapped[Article | None] = relationship(back_populates="files")


class FactGroup(Base):
    """Facts that say the same thing (near-duplicates), shown once with every citation."""

    __tablename__ = "fact_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(Text)
    # Day the group's facts are about (the first member's date); new facts are compared
    # only with groups a few days either side, which keeps deduplication linear.
    day: Mapped[dt.date | None] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Fact(Base):
    __tablename__ = "facts"
    __table_args__ = (Index("ix_facts_effective_date", "effective_date", "salience"),
                      # the facts placed by an ordinal alone ("for the second time"), which follow the
                      # round numbering: found without reading every fact when a number moves (0007)
                      Index("ix_facts_ordinal_only", "ordinal", sqlite_where=ORDINAL_ONLY,
                            postgresql_where=ORDINAL_ONLY))

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer, default=0)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, default="")  # dedupe key (store/dedupe.py)
    strong: Mapped[bool] = mapped_column(Boolean, default=False)  # evidence that a round happened
    # When the fact's event happened, if the sentence itself says (explicit date, weekday).
    event_date: Mapped[dt.date | None] = mapped_column(Date)
    # The day of the story moment the fact belongs to: its own event date, else its
    # article's event, else its ordinal's round; NULL for background. Round answers
    # select on it, so it is kept up to date by round discovery.
    effective_date: Mapped[dt.date | None] = mapped_column(Date)
    # How the round was decided: event_date | date | ordinal | article | background
    anchor: Mapped[str] = mapped_column(String(20), default="article")
    anchor_reason: Mapped[str | None] = mapped_column(Text)
    ordinal: Mapped[int | None] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(200), index=True)
    attribution: Mapped[str | None] = mapped_column(String(200))
    is_quote: Mapped[bool] = mapped_column(Boolean, default=False)
    people: Mapped[list[Any]] = mapped_column(default=list)
    places: Mapped[list[Any]] = mapped_column(default=list)
    organisations: Mapped[list[Any]] = mapped_column(default=list)
    figures: Mapped[list[Any]] = mapped_column(default=list)
    salience: Mapped[float] = mapped_column(Float, default=0.0)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("fact_groups.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)

    article: Mapped[Article] = relationship(back_populates="facts")

    @hybrid_property
    def background(self) -> bool:
        """Of an earlier time than the story's, with no date of its own ("the draft of April 2022 ..."),
        or told after such a sentence in its paragraph: answers mark it, lest it read as news."""
        return self.anchor == "background" or (
            self.anchor == "inherited" and self.event_date is None and self.ordinal is None)

    @background.inplace.expression
    @classmethod
    def _background_expression(cls) -> ColumnElement[bool]:
        return or_(cls.anchor == "background",
                   and_(cls.anchor == "inherited", cls.event_date.is_(None), cls.ordinal.is_(None)))


class Round(Base):
    """One occurrence of the story's event, discovered from the corpus."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    date: Mapped[dt.date] = mapped_column(Date, unique=True)
    date_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    venue: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(200))
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Chosen when the round is discovered, so the timeline is one read however many rounds:
    # the round's most salient fact (its one-line outcome) and how many facts it has.
    outcome_fact_id: Mapped[int | None] = mapped_column(Integer)
    n_facts: Mapped[int] = mapped_column(Integer, default=0)


class RoundCandidate(Base):
    """A day some article says a round took place on, with who says so, article by article.

    Round discovery keeps it so an ingest that adds or withdraws a few articles updates the
    days those articles touch instead of reading every strong fact of the corpus again
    (store/rounds.py). ``support``: ``{"strong": {article id: [date source, {ordinal: facts}]},
    "leads": {article id: [date source, published, day its opening names, ordinal it gives]}}``;
    the other columns summarise it for every day at once. (Added by migration 0007; ``dated`` and
    the leads' last two fields by 0013.)
    """

    __tablename__ = "round_candidates"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    strong: Mapped[bool] = mapped_column(Boolean, default=False)
    inferred: Mapped[bool] = mapped_column(Boolean, default=False)  # only articles with inferred dates
    dated: Mapped[bool] = mapped_column(Boolean, default=False)  # a strong fact in an article not dated by guess
    ordinals: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {ordinal: facts saying it}
    support: Mapped[dict[str, Any]] = mapped_column(default=dict)


class RoundState(Base):
    """What the round candidates were last built from: one row, or none before the first discovery.

    An incremental discovery trusts the candidates only for the same story vocabulary and when
    every article newer than ``max_article_id`` is one it was told about. (Added by migration 0007.)
    """

    __tablename__ = "round_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    vocabulary: Mapped[str] = mapped_column(String(64))
    max_article_id: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class IngestRun(Base):
    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="ingest")  # ingest | reindex
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)


class DigestPost(Base):
    """One digest slot for one channel: the unique row that makes posting idempotent."""

    __tablename__ = "digest_posts"
    __table_args__ = (UniqueConstraint("channel", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(50))
    slot: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default="claimed")  # claimed | posted | empty | failed
    ts: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    posted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    items: Mapped[dict[str, Any]] = mapped_column(default=dict)


class DigestItem(Base):
    """A fact posted to a channel, so it is never posted there twice."""

    __tablename__ = "digest_items"
    # (channel, article_id): where a channel's digests have got to (store/digests.py), migration 0010
    __table_args__ = (UniqueConstraint("channel", "fact_id"),
                      Index("ix_digest_items_channel_article", "channel", "article_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(50), index=True)
    fact_id: Mapped[int] = mapped_column(Integer)
    group_id: Mapped[int | None] = mapped_column(Integer)
    article_id: Mapped[int] = mapped_column(Integer, index=True)
    text: Mapped[str] = mapped_column(Text)
    post_id: Mapped[int] = mapped_column(ForeignKey("digest_posts.id", ondelete="CASCADE"))
    # set when a later digest announced a correction or withdrawal of this item
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # shown: in the message | covered: the same fact as one shown (a paraphrase, or its new
    # version) | more: counted in "and N more" only. Corrections are announced for shown and
    # covered items, never for facts the channel was not shown. (Added by migration 0002.)
    role: Mapped[str] = mapped_column(String(10), default="shown", server_default="shown")


class Lease(Base):
    """A named lease: one process at a time holds it (ingest, reindex) until it expires."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Mention(Base):
    """A person (or speaker) named in a fact, by folded canonical name, for person questions."""

    __tablename__ = "mentions"
    __table_args__ = (Index("ix_mentions_key", "key"), Index("ix_mentions_key_name_fact", "key", "name", "fact_id"),
                      Index("ix_mentions_key_salience", "key", "salience", "fact_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # speaker | named
    # The fact's salience, copied: a person's best facts are then one index range read
    # (ix_mentions_key_salience), however often the store names them.
    salience: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")


class Delivery(Base):
    """A Slack delivery (trigger_id / event_id) some replica has taken in: Slack re-sends a
    request it thinks was not acknowledged, maybe to another replica, and it is answered once."""

    __tablename__ = "deliveries"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
