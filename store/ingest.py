"""Folder -> store. Incremental, idempotent, and atomic per article.

A file is read only when its size or mtime changed since the last run; its content
hash then decides whether it holds a new article, one already stored under another
name, or nothing new. Articles (row, facts, groups, file link) are committed whole, up
to half a second of them per transaction (see :class:`_Batch`), so a crash leaves whole
articles or none, and the next run picks up where this one stopped. Bad files are
recorded with their reason and skipped.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
import os
import re
import stat
import time
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz, process
from sqlalchemy import bindparam, func, or_, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from store.dedupe import MIN_SHARED, SAME_FACT, WINDOW_DAYS, fact_key, forget_parsed, similarity, who_words
from store.extract.article import DATE_LINE, parse_article
from store.extract.documents import DocumentError, document_kind, document_text
from store.extract.pipeline import EXTRACTOR_VERSION, ExtractedArticle, extract, search_text
from store.extract.webpage import HEAD_BYTES, article_text, declared_encoding, is_web_page, published_day
from store.models import (
    Article,
    ArticleFile,
    Fact,
    FactGroup,
    IngestRun,
    Mention,
    Round,
    RoundCandidate,
    RoundState,
    utcnow,
)
from store.rounds import ROUND_STATE_ID, best_ordinal, discover_rounds
from store.roundups import place_other_stories
from store.story import Story
from store.text import DIRECTION_MARKS, fold, tidy

log = logging.getLogger(__name__)

TEMP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", ".swx", "~", ".download", ".lock")
# Never an article: a database (Factdesk's own, kept beside its folder), its journals, scripts, logs
NOT_ARTICLES = (".sqlite", ".sqlite3", ".db", ".sqlite-wal", ".sqlite-shm", "-journal", "-wal", "-shm", ".sh",
                ".py", ".pyc", ".log")
# Files a newsroom's folder may hold beside its articles, said to be what they are: a spreadsheet's rows read
# as sentences made facts ("name,votes ...")
DATA_FILES = {".csv": "a spreadsheet's data (.csv)", ".tsv": "a spreadsheet's data (.tsv)",
              ".xlsx": "an Excel workbook", ".xls": "an Excel workbook", ".ods": "a spreadsheet",
              ".json": "a data file (.json)", ".eml": "an e-mail (.eml)", ".msg": "an Outlook e-mail (.msg)",
              ".ics": "a calendar entry (.ics)", ".vcf": "a contact card (.vcf)"}
ANALYZE_AFTER = 200  # new or changed articles in one run from which PostgreSQL is vacuumed and analysed
POSTINGS_READ = 1_000
PREFILTER = 50.0  # token_set_ratio below which two facts cannot be the same (it is >= similarity's parts)
# A transaction stores the files of this long, or this many: a commit per article cost more than
# storing it, and a crash loses no more than this much work (the next run redoes it).
BATCH_SECONDS = 0.5
BATCH_FILES = 200


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class IngestReport:
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    skipped: int = 0  # still being written: left for the next run
    left: int = 0  # not reached: the run was asked to stop (serve shutting down); the next run takes them
    facts_added: int = 0
    facts_removed: int = 0  # of withdrawn versions: an edit of one word is "+49 / -49", not "+49"
    facts: int = 0
    rounds: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        text = (f"seen {self.seen} / new {self.new} / changed {self.changed} / unchanged {self.unchanged}"
                f" / removed {self.removed} / failed {self.failed}"
                f" -- facts {self.facts} (+{self.facts_added}"
                + (f" / -{self.facts_removed}" if self.facts_removed else "") + f"), rounds {self.rounds}")
        if self.skipped:
            text += f", {self.skipped} still being written"
        if self.left:
            text += f", {self.left} left for the next run (stopped)"
        return text

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "failures"} | {
            "failures": [f.__dict__ for f in self.failures]}


class BadFile(Exception):
    """A file that cannot become an article; the message says why, in plain words."""


def is_candidate(path: Path) -> bool:
    name = path.name
    return not (name.startswith((".", "~", "#")) or name.endswith(TEMP_SUFFIXES) or name.lower().endswith(NOT_ARTICLES))


LINK_GONE = "a link to a file that is gone"  # in the run's failures and in status, a linked file not found
MISNAMED = "its name is not valid UTF-8 or holds control characters"  # why a file was not read (failures, status)


def list_files(folder: Path, unreadable: list[str] | None = None,
               misnamed: list[str] | None = None) -> Iterator[tuple[str, os.stat_result]]:
    """Article files under ``folder``: sorted relative POSIX paths (strings: 100k Paths weigh 30 MB)
    with their stat, taken once (the scan that decides what changed uses it too).

    ``unreadable`` collects the folders that could not be listed ("" for ``folder`` itself) and the
    links to files that are gone: their files are not gone, only out of sight, and the caller must not
    withdraw them. ``misnamed``
    collects the files whose name is not UTF-8 (shown with its bad bytes escaped): no database
    column can hold it, and storing one stopped the whole run at that file."""
    names: list[str] = []
    visited: set[str] = set()  # real paths: a symlinked folder is read once, a symlink loop ends

    def hide(directory: str) -> None:  # a folder whose files are out of sight
        if unreadable is not None:
            rel = os.path.relpath(directory, folder)
            unreadable.append("" if rel == "." else rel.replace(os.sep, "/") + "/")

    top = os.path.realpath(folder)
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True,
                                                onerror=lambda error: error.filename and hide(error.filename)):
        real = os.path.realpath(dirpath)
        # a linked folder is read once (a symlink loop ends), and never one holding the watched folder:
        # a link to ".." brought in scripts, the database and a token in a deploy note (a link to a
        # shared drive elsewhere is read)
        if real in visited or (real != top and os.path.commonpath((top, real)) == real):
            dirnames[:] = []
            continue
        visited.add(real)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel_dir = os.path.relpath(dirpath, folder)
        prefix = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        for name in filenames:
            if not is_candidate(Path(name)):
                continue
            # a name no column can hold ("bad\xffname.txt"), or that printed as it is would drive the terminal
            # ("evil\x1b]0;HACKED\x07.txt")
            shown = (prefix + name).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            if shown != prefix + name or _UNPRINTABLE_NAME.search(shown):
                if misnamed is not None:
                    misnamed.append(_UNPRINTABLE_NAME.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"),
                                                          shown))
                continue
            names.append(prefix + name)
    names.sort()
    for rel in names:
        path = folder / rel
        try:
            st = os.lstat(path)  # one call for a plain file; a link is followed below
            if stat.S_ISLNK(st.st_mode):
                if not is_candidate(Path(os.path.realpath(path))):
                    continue  # "notes.txt" linked to a script or a database elsewhere is no article either
                st = path.stat()
        except PermissionError:  # a folder that can be listed but not entered: its files are not gone
            hide(str(path.parent))
            continue
        except OSError:  # gone since the listing, or a broken link
            if os.path.islink(path) and unreadable is not None:
                if Path(rel).suffix:  # a linked file whose target is gone (a share unmounted): its article is kept
                    unreadable.append(rel)
                else:
                    hide(str(path))  # a linked folder whose target is gone: its files are kept
            continue
        if stat.S_ISREG(st.st_mode):
            yield rel, st


# In a file name: control characters (an escape sequence, a line break that would fake a log line) and the
# marks that reverse text ("report\u202etxt.exe")
_UNPRINTABLE_NAME = re.compile(rf"[\x00-\x1f\x7f-\x9f{DIRECTION_MARKS}]")


# Text saved as "Unicode" by Windows tools is UTF-16 with a byte order mark: certain, no guessing.
# UTF-32's marks first: its little-endian one starts with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # in no article; in binary read as UTF-16
# Documents and images by their first bytes, named in the message
# (PDF and Word .docx documents are read by store/extract/documents.py before this is asked)
_DOCUMENTS = ((b"PK\x03\x04", "an OpenDocument or other zipped document"),
              (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel document"), (b"{\\rtf", "an RTF document"),
              (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"))


def _marked_encoding(data: bytes) -> str | None:
    return next((encoding for mark, encoding in _BOMS if data.startswith(mark)), None)


def decode(data: bytes, fallback: str | None = None) -> str:
    """A file's bytes as text: by its byte order mark, else UTF-8, else ``fallback`` (the
    legacy encoding a newsroom's files are known to be in, FACTDESK_FALLBACK_ENCODING).
    Never a guess: detectors read a short Windows-1252 article as Baltic or Central European,
    and stored it garbled without a word."""
    kind = next((name for magic, name in _DOCUMENTS if data.startswith(magic)), None)
    if kind is not None:  # what a reporter drops in by mistake: say what it is, and what to do
        raise BadFile(f"binary file ({kind}), not a text article: save the article as text, a web page, .docx or PDF")
    marked = _marked_encoding(data)
    if marked:
        try:
            text = data.decode(marked)
        except UnicodeDecodeError as exc:
            raise BadFile(f"not {marked.upper()} text although it starts with that encoding's byte order mark "
                          f"(invalid bytes at offset {exc.start})") from exc
        if _CONTROL.search(text, 0, 8192):  # bytes that happen to start like a mark: UTF-16 decodes nearly anything
            raise BadFile(f"binary file (control characters as {marked.upper()}), not an article")
        return text
    if b"\x00" in data[:8192]:
        head = data[:512]
        # every other byte NUL and the rest printable: ASCII as UTF-16 (not a database, nor zeros, nor UTF-32)
        for order, zeros, chars in (("little", head[1::2], head[0::2]), ("big", head[0::2], head[1::2])):
            printable = sum(1 for c in chars if 32 <= c < 127 or c in (9, 10, 13))
            if len(zeros) > 8 and zeros.count(0) > 0.9 * len(zeros) and printable > 0.9 * len(chars):
                raise BadFile(f"UTF-16 ({order}-endian) text without a byte order mark: save it as UTF-8 "
                              "(or as UTF-16 with its mark)")
        raise BadFile("binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = f"invalid byte 0x{data[exc.start]:02x} at offset {exc.start}"
        if not fallback:
            raise BadFile(f"not UTF-8 text ({where}): save it as UTF-8, or set FACTDESK_FALLBACK_ENCODING to "
                          f"the encoding your files are in (e.g. cp1252)") from exc
        try:
            return data.decode(fallback)
        except UnicodeDecodeError as again:
            raise BadFile(f"neither UTF-8 ({where}) nor {fallback} text (invalid byte "
                          f"0x{data[again.start]:02x} at offset {again.start})") from again


def read_text(path: Path, max_bytes: int, fallback: str | None = None) -> tuple[str, str]:
    """The file's text and content hash, or :class:`BadFile` with the reason. ``fallback``:
    see :func:`decode`."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BadFile(f"too large: {size:,} bytes (limit {max_bytes:,}; FACTDESK_MAX_FILE_BYTES)")
        data = path.read_bytes()
    except PermissionError as exc:
        raise BadFile(f"unreadable: permission denied ({exc.strerror})") from exc
    except OSError as exc:
        raise BadFile(f"unreadable: {exc.strerror or exc}") from exc
    if (data_kind := DATA_FILES.get(path.suffix.lower())) is not None:
        raise BadFile(f"{data_kind}, not an article: save the article's text as .txt, .md or .html")
    kind = document_kind(data)
    if kind is None and path.suffix.lower() == ".docx" and data.startswith(b"PK"):
        raise BadFile("a Word document (.docx) that is damaged and cannot be opened: save it again")
    try:
        text = document_text(data, kind) if kind else decode(data, fallback)
    except DocumentError as exc:
        raise BadFile(str(exc)) from exc
    except BadFile:  # a page saved in its site's encoding says which
        declared = declared_encoding(data[:4096]) if b"<" in data[:4096] else None
        if declared is None:
            raise
        try:
            text = data.decode(declared)
        except UnicodeDecodeError as exc:
            raise BadFile(f"not {declared} text although the page declares it (invalid byte "
                          f"0x{data[exc.start]:02x} at offset {exc.start})") from exc
    if kind and len(text) > max_bytes:
        raise BadFile(f"too large once converted to text: {len(text):,} characters (limit {max_bytes:,}; "
                      f"FACTDESK_MAX_FILE_BYTES)")
    text = tidy(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise BadFile("empty file")
    if is_web_page(path.name, text):  # a saved page: its article, not its markup
        article = article_text(text)
        if article is None:
            raise BadFile("a web page with no article text in it (only navigation, links or scripts)")
        text = tidy(article)  # &nbsp; and &shy; become those characters here
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=4096)  # asked for every fact; a run's facts fall on a few hundred days
def _near_days(day: dt.date | None) -> tuple[dt.date | None, ...]:
    """The days whose groups a fact of ``day`` is compared with."""
    if day is None:
        return (None,)
    return tuple(day + dt.timedelta(days=i) for i in range(-WINDOW_DAYS, WINDOW_DAYS + 1))


class _DayGroups:
    """One day's fact groups: ids, keys, and an inverted index word -> slots."""

    __slots__ = ("gids", "keys", "postings")

    def __init__(self) -> None:
        self.gids: list[int] = []
        self.keys: list[str] = []
        self.postings: dict[str, list[int]] = defaultdict(list)

    def add(self, gid: int, key: str) -> int:
        slot = len(self.gids)
        self.gids.append(gid)
        self.keys.append(key)
        for word in set(key.split()):
            self.postings[word].append(slot)
        return slot


class GroupIndex:
    """The fact groups a new fact may join: those a few days either side of the fact's day.

    Kept for a whole ingest run, bucketed by day, least recently used days dropped past
    ``max_groups`` (memory stays flat at any corpus size; files are ingested in date order,
    so the days an article needs are usually loaded already). Within a day, an inverted index
    finds the groups sharing at least :data:`store.dedupe.MIN_SHARED` words with the fact
    (fewer can never be the same fact), rapidfuzz's C++ token_set_ratio ranks those, and the
    exact :func:`store.dedupe.similarity` runs on the best few.

    A group is added to the index before the transaction that inserts it commits: the
    caller calls :meth:`forget` when that transaction fails.
    """

    def __init__(self, max_groups: int = 50_000) -> None:  # about 45 MB; half a year of a busy desk
        self.max_groups = max_groups
        self.days: OrderedDict[dt.date | None, _DayGroups] = OrderedDict()
        self.size = 0

    def load(self, session: Session, days: list[dt.date | None]) -> None:
        """Make sure every day near ``days`` is in memory (one query for the missing ones)."""
        needed = {near for day in set(days) for near in _near_days(day)}
        missing = [d for d in needed if d not in self.days]
        for d in needed - set(missing):
            self.days.move_to_end(d)
        if missing:
            dated = [d for d in missing if d is not None]
            conditions = [FactGroup.day.in_(dated)] if dated else []
            if None in missing:
                conditions.append(FactGroup.day.is_(None))
            for d in missing:
                self.days[d] = _DayGroups()
            for gid, key, day in session.execute(select(FactGroup.id, FactGroup.key, FactGroup.day)
                                                 .where(or_(*conditions)).order_by(FactGroup.id)):
                self.days[day].add(gid, key)
                self.size += 1
        while self.size > self.max_groups and len(self.days) > len(needed):
            day, groups = next(iter(self.days.items()))
            if day in needed:
                break
            del self.days[day]
            self.size -= len(groups.gids)

    def match(self, key: str, day: dt.date | None,
              who: Callable[[], frozenset[str]] = frozenset) -> int | None:
        """The group a fact with ``key`` on ``day`` belongs to, if any. ``who``: the fact's
        :func:`store.dedupe.who_words`, asked for only when some group is a candidate."""
        words = set(key.split())
        if len(words) < MIN_SHARED:
            return None
        gids: list[int] = []
        keys: list[str] = []
        for near in _near_days(day):
            groups = self.days.get(near)
            if groups is None or not groups.gids:
                continue
            postings = groups.postings
            # a word in thousands of the day's groups ("said", "talks") is searched among its latest
            # POSTINGS_READ: reading every one made a day of many near-identical lines quadratic
            lists = [slots[-POSTINGS_READ:] for w in words if (slots := postings.get(w))]
            if len(lists) < MIN_SHARED:  # fewer of the fact's words occur that day than a match shares
                continue
            shared = Counter(chain.from_iterable(lists))
            # in the day's own order: the Counter's follows the word set's, which changes with
            # PYTHONHASHSEED, and rapidfuzz's top 8 breaks ties by position (groups differed by run)
            hits = sorted(slot for slot, n in shared.items() if n >= MIN_SHARED)
            gids += [groups.gids[slot] for slot in hits]
            keys += [groups.keys[slot] for slot in hits]
        if not keys:
            return None
        best: tuple[float, int] | None = None
        names = who()
        for _, _, i in process.extract(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=PREFILTER, limit=8):
            score = similarity(key, keys[i], names)
            if score >= SAME_FACT and (best is None or score > best[0]):
                best = (score, gids[i])
        return best[1] if best else None

    def add(self, gid: int, key: str, day: dt.date | None) -> tuple[dt.date | None, int]:
        """Index a group; the returned handle lets :meth:`settle` give it its real id later."""
        groups = self.days.setdefault(day, _DayGroups())
        self.size += 1
        return day, groups.add(gid, key)

    def settle(self, handle: tuple[dt.date | None, int], gid: int) -> None:
        groups = self.days.get(handle[0])
        if groups is not None:
            groups.gids[handle[1]] = gid

    def forget(self) -> None:
        """Drop everything (after a failed transaction: some indexed groups were never stored)."""
        self.days.clear()
        self.size = 0


class ArticleRef(NamedTuple):
    """What :func:`add_facts` needs of an article: a new one is inserted without an ORM object."""

    id: int
    published: dt.date | None
    event_date: dt.date | None


_ARTICLES, _FILES, _FACTS = Article.__table__, ArticleFile.__table__, Fact.__table__
_GROUPS, _MENTIONS = FactGroup.__table__, Mention.__table__
# Core statements, built once: an ORM insert or select costs several times the statement itself
_INSERT_ARTICLE, _INSERT_FILE = _ARTICLES.insert(), _FILES.insert()  # columns given as parameters
_INSERT_FACTS, _INSERT_MENTIONS = _FACTS.insert(), _MENTIONS.insert()
_INSERT_GROUPS = _GROUPS.insert().returning(_GROUPS.c.id, sort_by_parameter_order=True)
_FACT_IDS = select(_FACTS.c.position, _FACTS.c.id).where(_FACTS.c.article_id == bindparam("article_id"))
_BY_HASH = select(_ARTICLES.c.id).where(_ARTICLES.c.content_hash == bindparam("digest"))


def store_article(session: Session, extracted: ExtractedArticle, raw: str, content_hash: str,
                  index: GroupIndex | None = None) -> ArticleRef:
    """Insert a new article and its facts (Core: nothing of it is read back as an object)."""
    result = session.execute(_INSERT_ARTICLE, dict(
        content_hash=content_hash, title=extracted.title, outlet=extracted.outlet, url=extracted.url,
        published=extracted.published, date_source=extracted.date_source, date_reason=extracted.date_reason,
        event_date=extracted.published, lead_event=extracted.lead_event, lead_day=extracted.lead_day,
        lead_ordinal=extracted.lead_ordinal, dateline=extracted.dateline,
        raw_text=raw, size=len(raw), extractor_version=EXTRACTOR_VERSION, created_at=utcnow(),
        withdrawn_at=None, superseded_by_id=None,
    ))
    article = ArticleRef(result.inserted_primary_key[0], extracted.published, extracted.published)
    add_facts(session, article, extracted, index)
    return article


def add_facts(session: Session, article: Article | ArticleRef, extracted: ExtractedArticle,
              index: GroupIndex | None = None) -> int:
    """Insert an article's facts, their groups and mentions in a few bulk statements.

    ``index``: the run's :class:`GroupIndex` (a fresh one when not given, fine for one article).
    """
    facts = extracted.facts
    if not facts:
        return 0
    if any(f.section is not None for f in facts):  # a roundup: its other stories are no round's
        facts = place_other_stories(session, article.id, facts)
    now = utcnow()
    keys = [fact_key(f.text) for f in facts]
    days = [f.event_date or article.published for f in facts]
    index = index or GroupIndex()
    index.load(session, days)
    group_ids: list[int] = []
    new_groups: list[dict[str, object]] = []  # created in one statement; -n stands for the n-th
    handles = []
    for f, key, day in zip(facts, keys, days, strict=True):
        names = [*f.people, f.speaker or ""]
        gid = index.match(key, day, partial(who_words, f.text, names, f.places))
        if gid is None:
            new_groups.append(dict(key=key, day=day, created_at=now))
            gid = -len(new_groups)
            handles.append(index.add(gid, key, day))
        group_ids.append(gid)
    if new_groups:
        created = list(session.execute(_INSERT_GROUPS, new_groups).scalars())
        for handle, real in zip(handles, created, strict=True):
            index.settle(handle, real)
        group_ids = [created[-g - 1] if g < 0 else g for g in group_ids]
    article_id, article_event = article.id, article.event_date
    rows = [dict(
        article_id=article_id, position=f.position, paragraph=f.paragraph, start=f.start, end=f.end,
        text=f.text, search_text=search_text(f), key=key, strong=f.strong, event_date=f.event_date,
        effective_date=f.event_date if f.event_date else (article_event if f.anchor == "article" else None),
        anchor=f.anchor, anchor_reason=f.anchor_reason, ordinal=f.ordinal, speaker=f.speaker,
        attribution=f.attribution, is_quote=f.is_quote, people=f.people, places=f.places,
        organisations=f.organisations, figures=f.figures, salience=f.salience, group_id=gid, created_at=now,
    ) for f, key, gid in zip(facts, keys, group_ids, strict=True)]
    session.execute(_INSERT_FACTS, rows)  # executemany; ids read back in one query (cheaper than RETURNING)
    ids = dict(session.execute(_FACT_IDS, {"article_id": article_id}).all())
    mentions = []
    for f in facts:
        fact_id = ids[f.position]
        names = {p: "named" for p in f.people} | ({f.speaker: "speaker"} if f.speaker else {})
        mentions += [dict(fact_id=fact_id, name=n, key=fold(n), role=r, salience=f.salience) for n, r in names.items()]
    if mentions:
        session.execute(_INSERT_MENTIONS, mentions)
    return len(facts)


def _withdraw_if_orphan(session: Session, article_id: int | None, superseded_by: int | None = None) -> int:
    """Withdraw the article if no active file holds it any more. Returns how many facts left
    answers with it (0 when it stays, or was withdrawn already): the run's fact count follows."""
    if article_id is None:
        return 0
    active = session.scalar(select(func.count()).select_from(ArticleFile).where(
        ArticleFile.article_id == article_id, ArticleFile.status == "active"))
    if active:
        return 0
    withdrawn = session.execute(update(Article).where(Article.id == article_id, Article.withdrawn_at.is_(None))
                                .values(withdrawn_at=utcnow())).rowcount
    if superseded_by:
        session.execute(update(Article).where(Article.id == article_id).values(superseded_by_id=superseded_by))
    return _article_facts(session, article_id) if withdrawn else 0


def _article_facts(session: Session, article_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Fact).where(Fact.article_id == article_id)) or 0


_FRONT_DATE = re.compile(r"^(?:date|published):\s*[\"']?(\S*)", re.MULTILINE)


def tidy_after_bulk_load(sessions: sessionmaker[Session]) -> None:
    """What autovacuum would do some minutes after a bulk load into PostgreSQL, done at once.

    Until then the planner has no statistics for the new rows (a topic question took 285 ms
    instead of 30), every fact that round discovery re-dated leaves a dead row version behind
    (a third of the facts after a cold load), and the GIN indexes keep their new entries in an
    unsorted pending list that every topic search reads through: at 10k articles its index
    scan took 4 ms, 0.5 ms once vacuumed. VACUUM (ANALYZE) clears all three. It cannot run in
    a transaction, and does not block readers or writers.
    """
    with sessions() as session:
        bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    with bind.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:  # type: ignore[union-attr]
        conn.execute(text("VACUUM (ANALYZE) articles, article_files, facts, fact_groups, mentions, rounds"))


_READ_WHOLE = (b"%PDF-", b"PK\x03\x04")  # a document's text is not in its first bytes


def _stated_date(path: Path, max_bytes: int) -> str | None:
    """The date a file states (date line or front matter), from its first bytes only (a Word
    or PDF document's first text: it is read whole, up to ``max_bytes``).

    ``""`` when it states one in a form only the extractor reads, ``None`` when it states none.
    Files are ingested in this order: an undated article's year is the corpus's, and
    paraphrases of one event, published days apart, meet while their days are in memory.
    """
    try:
        with path.open("rb") as fh:
            data = fh.read(2048)
            if data.startswith(_READ_WHOLE):  # a Word or PDF document: its text is not in its first bytes
                if path.stat().st_size > max_bytes:
                    return None  # too large: it fails when read
                data += fh.read()
                kind = document_kind(data)
                head = document_text(data, kind, first_page=True)[:2048] if kind else ""
            else:
                head = data.decode(_marked_encoding(data) or "utf-8", errors="replace")
                if is_web_page(path.name, head):  # a saved page: its publication meta, deeper in its <head>
                    more = data + fh.read(HEAD_BYTES - len(data))
                    return published_day(more.decode(_marked_encoding(more) or "utf-8", errors="replace"))
    except (OSError, DocumentError):
        return ""
    line = DATE_LINE.match(head)
    if line:
        return line.group(1)
    if head.lstrip("\ufeff").startswith("---"):
        front = _FRONT_DATE.search(head)
        if front:
            value = front.group(1)
            return value[:10] if re.match(r"\d{4}-\d{2}-\d{2}", value) else ""
    stated = parse_article(head)  # a top line that states the day: "Published Thursday, Oct. 12, 2034, 3:58 p.m."
    return stated.published.isoformat() if stated.published and stated.date_source == "dateline" else None


# A year whose articles are at most so many, or under this share of the dated ones, is a stray
STRAY_YEAR_ARTICLES = 1
STRAY_YEAR_SHARE = 0.02


def corpus_year(session: Session) -> int | None:
    """The year an undated file's month-and-day are in: the newest year of the articles in answers whose
    date is not a guess, among the years that hold more than a stray one. One file dated 2052 (a typo, or
    another story's) made the whole story's undated reports 2052's, and kept them so after it went."""
    per_year: Counter[int] = Counter()
    for day, n in session.execute(select(Article.published, func.count()).where(
            Article.withdrawn_at.is_(None), Article.date_source.not_in(("inferred", "unknown")),
            Article.published.is_not(None)).group_by(Article.published)):
        per_year[day.year] += n
    enough = max(STRAY_YEAR_ARTICLES + 1, round(STRAY_YEAR_SHARE * sum(per_year.values())))
    held = [year for year, n in per_year.items() if n >= enough]
    return max(held or per_year, default=None)


def numbered_days(session: Session) -> dict[int, tuple[dt.date, ...]]:
    """The days dated articles number rounds on, each day the round it is most often said to be: a strong
    fact's "the second round of talks on Thursday", an opening's "in a second round of talks held by video"
    filed that Thursday. What an undated report of the same round is dated by
    (``store.extract.pipeline._numbered_round``). Read when a run's undated files begin, when all its
    dated files are stored: from the round candidates of the last discovery (one row a day) and the
    articles stored since (an index range), so an interrupted run's completion dates them as a whole run."""
    said: dict[dt.date, Counter[int]] = defaultdict(Counter)
    for day, ordinals in session.execute(select(RoundCandidate.day, RoundCandidate.ordinals).where(
            RoundCandidate.inferred.is_(False))):
        said[day].update({int(n): count for n, count in (ordinals or {}).items()})
    since = session.scalar(select(RoundState.max_article_id).where(RoundState.id == ROUND_STATE_ID)) or 0
    newer = (Article.id > since, Article.withdrawn_at.is_(None), Article.date_source.not_in(("inferred", "unknown")))
    for number, day in session.execute(select(Article.lead_ordinal, func.coalesce(Article.lead_day, Article.published))
                                       .where(*newer, Article.lead_ordinal.is_not(None))):
        if day is not None:
            said[day][number] += 1
    for number, day in session.execute(select(Fact.ordinal, Fact.event_date).join(Article).where(
            *newer, Fact.strong.is_(True), Fact.ordinal.is_not(None), Fact.event_date.is_not(None))):
        said[day][number] += 1
    days: dict[int, list[dt.date]] = defaultdict(list)
    for day, counts in sorted(said.items()):
        if counts:
            days[best_ordinal(counts)].append(day)
    return {number: tuple(found) for number, found in days.items()}


def active_facts(session: Session) -> int:
    """Facts in answers now (of articles not withdrawn). Reads every fact: seconds at 100k articles."""
    return session.scalar(select(func.count()).select_from(Fact).join(Article).where(
        Article.withdrawn_at.is_(None))) or 0


def _facts_after_run(session: Session, run_id: int, changed: bool, delta: int) -> int:
    """:func:`active_facts` after run ``run_id``, without reading every fact when it can be known.

    A run that changed nothing has the last finished run's number; one that did, the previous
    run's number plus ``delta`` (the facts this run brought into answers less those it took
    out), when no other run overlapped this one. Otherwise (the first run, an interrupted or
    concurrent one, a reindex) every active fact is counted.
    """
    if not changed:
        stats = session.scalar(select(IngestRun.stats).where(IngestRun.finished_at.is_not(None))
                               .order_by(IngestRun.id.desc()).limit(1))
        if isinstance(stats, dict) and isinstance(stats.get("facts"), int):
            return stats["facts"]
        return active_facts(session)
    previous = _previous_facts(session, run_id)
    return active_facts(session) if previous is None else previous + delta


def _previous_facts(session: Session, run_id: int) -> int | None:
    """The fact count the run before ``run_id`` finished with, if no run has been under way since
    ``run_id`` started but that one (only runs change facts: ingests, and reindexes, which
    leave no count of their own, so the run after one counts)."""
    started = select(IngestRun.started_at).where(IngestRun.id == run_id).scalar_subquery()
    others = session.scalar(select(func.count()).select_from(IngestRun).where(
        IngestRun.id != run_id, or_(IngestRun.finished_at.is_(None), IngestRun.finished_at >= started)))
    if others:
        return None
    stats = session.scalar(select(IngestRun.stats).where(IngestRun.id < run_id).order_by(IngestRun.id.desc()).limit(1))
    if isinstance(stats, dict) and isinstance(stats.get("facts"), int):
        return stats["facts"]
    return None


def ingest_folder(sessions: sessionmaker[Session], folder: Path, story: Story, max_bytes: int,
                  settle_seconds: float = 0.0, progress: Callable[[int, int, str], None] | None = None,
                  kind: str = "ingest", stop: Callable[[], bool] | None = None,
                  fallback_encoding: str | None = None, retry_failed: bool = False,
                  reread: bool = False) -> IngestReport:
    """Bring the store in line with ``folder``. ``settle_seconds``: skip files modified more recently.
    ``fallback_encoding``: what files that are not UTF-8 are read as (:func:`decode`).
    ``retry_failed``: read again the files that failed and have not changed since (an ingest by
    hand: the operator may have fixed the cause, a setting or a permission, not the file). The
    folder watch leaves them be: it would read them again every few seconds.
    ``reread``: read every file, failed or not, whatever its size and mtime say (a reindex: an
    edit can keep both, e.g. a copy made with ``cp -p`` or ``rsync -t`` over a file of the same
    size). Same content is still "unchanged": only the hash decides.

    ``stop``: asked before each file; once it says yes the files not reached are left for the
    next run, and this one still ends properly (rounds brought up to date, the run closed), so
    a shutdown in the middle of a long scan costs the next start nothing.
    """
    started = time.perf_counter()
    report = IngestReport()
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"not a folder: {folder} (give the folder the file is in)" if folder.is_file()
                                else f"articles folder not found: {folder}")
    root = folder.resolve().as_posix()
    with sessions() as session:
        run = IngestRun(kind=kind)
        session.add(run)
        session.commit()
        run_id = run.id
        known = {path: (size, mtime, status, error) for path, size, mtime, status, error in session.execute(
            select(ArticleFile.path, ArticleFile.size, ArticleFile.mtime_ns, ArticleFile.status, ArticleFile.error)
            .where(ArticleFile.root == root))}  # columns, not entities: the watch rescans this every few seconds
        year_hint = corpus_year(session)
    now_ns = time.time_ns()
    present: set[str] = set()
    pending: list[tuple[bool, str, str, tuple[int, int]]] = []  # undated?, stated date, path, (size, mtime)
    unreadable: list[str] = []
    misnamed: list[str] = []
    for rel, st in list_files(folder, unreadable, misnamed):
        path = folder / rel
        present.add(rel)
        report.seen += 1
        before = known.get(rel)
        bad = before is not None and (before[2] == "failed" or before[3] is not None)  # or a good version kept
        if before and before[0] == st.st_size and before[1] == st.st_mtime_ns and before[2] in ("active", "failed") \
                and not reread and not (retry_failed and bad):
            if bad:  # still bad: report it again, do not re-read it
                report.failed += 1
                report.failures.append(Failure(rel, before[3] or "failed earlier"))
            else:
                report.unchanged += 1
            continue
        if settle_seconds and (now_ns - st.st_mtime_ns) / 1e9 < settle_seconds:
            report.skipped += 1  # still being written; the next run takes it
            continue
        stated = _stated_date(path, max_bytes)
        pending.append((stated is None, stated or "", rel, (st.st_size, st.st_mtime_ns)))
    # Dated files first, oldest first (see _stated_date), whatever order files come in.
    pending.sort()
    ctx = _Run(sessions, root, folder, story, max_bytes, report, GroupIndex(), set(), fallback=fallback_encoding)
    batch = _Batch(ctx)
    changed_any = False
    try:
        for i, (undated, _, rel, stamp) in enumerate(pending, 1):
            if stop is not None and stop():
                report.left = len(pending) - i + 1
                log.info("ingest stopped: %d files left for the next run", report.left)
                break
            if progress:
                progress(i, len(pending), rel)
            if undated and (i == 1 or not pending[i - 2][0]):
                batch.commit()  # the year and the numbered rounds are read from what is stored so far
                with sessions() as session:
                    year_hint, ctx.numbered = corpus_year(session), numbered_days(session)
            changed_any |= batch.ingest(_File(rel, stamp, year_hint, rel in known))
    finally:
        batch.commit()  # whole articles only: an article's own failure has rolled its batch back already
    touched = ctx.touched
    # a folder that could not be listed hides its files; they are kept, and the folder is reported
    hidden = tuple(dict.fromkeys(unreadable))
    for prefix in hidden:
        kept = sum(1 for p, v in known.items() if p.startswith(prefix) and v[2] == "active")
        report.failed += 1
        if prefix and not prefix.endswith("/"):
            report.failures.append(Failure(prefix, f"{LINK_GONE} (a share not mounted?): "
                                                   + ("its article is kept as it was" if kept else "nothing to read")))
            continue
        report.failures.append(Failure(prefix or ".", f"cannot read this folder (permission denied or unmounted): "
                                                      f"its {kept} article file(s) are kept as they were"))
    for shown in misnamed:
        report.failed += 1
        report.failures.append(Failure(shown, f"{MISNAMED} (shown as \\x..): rename the file to read it"))
    active = sum(1 for v in known.values() if v[2] == "active")
    if not present and not hidden and active:  # a network share gone looks like an empty folder
        hidden = ("",)
        report.failed += 1
        report.failures.append(Failure(".", f"the folder is empty: its {active} article file(s) are kept (a share "
                                            f"that is not mounted looks empty); to start over, delete the database"))
    gone = [p for p, v in known.items() if p not in present and v[2] != "deleted" and not p.startswith(hidden)]
    if gone:
        with sessions.begin() as session:
            for rel in gone:
                row = session.scalar(select(ArticleFile).where(ArticleFile.root == root, ArticleFile.path == rel))
                if row is None:
                    continue
                row.status, row.updated_at = "deleted", utcnow()
                session.flush()
                ctx.withdraw_if_orphan(session, row.article_id)
                if row.article_id is not None:
                    touched.add(row.article_id)
                report.removed += 1
        changed_any = True
    # Round discovery comes next, and a full one (a first run of 100k files) grew the process
    # by 100-200 MB on top of what the files had left (peak RSS 390 MB): the file list, the
    # group index and the parse cache are done with, so it reuses their memory instead (with
    # the lighter discovery of store/rounds.py, a 100k ingest now peaks at about 200 MB).
    del pending, known, present
    ctx.index.forget()
    forget_parsed()
    with sessions.begin() as session:
        # A run that died before this point left its articles but not their rounds: redo them.
        interrupted = session.execute(update(IngestRun).where(IngestRun.finished_at.is_(None), IngestRun.id != run_id)
                                      .values(finished_at=utcnow(), stats={"interrupted": True})).rowcount
        if changed_any or interrupted or not session.scalar(select(func.count()).select_from(Round)):
            # after an interrupted run, the articles it stored are not in ``touched``: all are read again
            discover_rounds(session, story, None if interrupted else touched)
        report.facts = _facts_after_run(session, run_id, changed_any or bool(interrupted), ctx.facts_delta)
        report.rounds = session.scalar(select(func.count()).select_from(Round)) or 0
        report.seconds = round(time.perf_counter() - started, 3)
        run = session.get(IngestRun, run_id)
        if run:
            run.finished_at, run.stats = utcnow(), report.as_dict()
    if report.new + report.changed >= ANALYZE_AFTER:
        tidy_after_bulk_load(sessions)
        report.seconds = round(time.perf_counter() - started, 3)
    return report


@dataclass
class _Run:
    """What every file of one ingest run is stored with."""

    sessions: sessionmaker[Session]
    root: str
    folder: Path
    story: Story
    max_bytes: int
    report: IngestReport
    index: GroupIndex
    touched: set[int]  # articles added, withdrawn or brought back: what round discovery follows
    facts_delta: int = 0  # facts that came into answers this run, less those that left
    fallback: str | None = None  # the encoding of files that are not UTF-8, when the newsroom set one
    # the days dated articles number rounds on (numbered_days), read when the undated files begin: an undated
    # report of a numbered round is dated by them
    numbered: dict[int, tuple[dt.date, ...]] | None = None

    def withdraw_if_orphan(self, session: Session, article_id: int | None, superseded_by: int | None = None) -> None:
        """:func:`_withdraw_if_orphan`, its facts counted as leaving answers this run."""
        gone = _withdraw_if_orphan(session, article_id, superseded_by)
        self.facts_delta -= gone
        self.report.facts_removed += gone


@dataclass(frozen=True)
class _File:
    rel: str
    stamp: tuple[int, int]  # size, mtime_ns
    year_hint: int | None
    known: bool  # the run started with an article_files row for it (none: no need to look for one)


class _ExtractionFailed(Exception):
    """The extractor raised on a file's text: that file is recorded as failed, its transaction goes on."""


class _Batch:
    """Files stored in one transaction, committed every :data:`BATCH_SECONDS` or :data:`BATCH_FILES`.

    A commit per article cost more than the statements that store it (SQLite: a WAL write and
    sync point, and the session set up and torn down). A file that cannot be read or extracted
    is recorded as failed inside the batch. A database error loses the batch's transaction: it
    is rolled back and its files are stored again one transaction each, as before batching, so
    the bad file fails alone and the others are kept. A crash loses at most the uncommitted
    batch, whose files have no article_files row yet: the next run stores them.
    """

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.session: Session | None = None
        self.files: list[_File] = []
        self.opened = 0.0
        # the run's tallies when the batch opened: report (failures by their number), fact delta
        self.saved: tuple[IngestReport, int, int] | None = None
        self.touched: set[int] = set()  # the run's touched articles; the batch's own go to run.touched till commit

    def ingest(self, file: _File) -> bool:
        """Store one file in the open batch (opening one if needed). True when the store changed."""
        run = self.run
        if self.session is None:
            self.session = run.sessions()
            self.session.begin()
            self.opened = time.monotonic()
            self.saved = (replace(run.report), len(run.report.failures), run.facts_delta)
            self.touched, run.touched = run.touched, set()  # not copied per batch: 100k ids at 100k articles
        self.files.append(file)
        try:
            changed = _ingest_file(self.session, run, file)
        except Exception:  # a database error: the transaction is lost
            log.warning("could not store a batch of %d files; storing them one by one", len(self.files),
                        exc_info=True)
            return self._redo()
        except BaseException:
            self._rollback()
            raise
        if len(self.files) >= BATCH_FILES or time.monotonic() - self.opened >= BATCH_SECONDS:
            changed |= self.commit()
        return changed

    def commit(self) -> bool:
        """Commit the open batch, if any. True when it had to be stored again file by file."""
        if self.session is None:
            return False
        try:
            self.session.commit()
        except Exception:
            log.warning("could not commit a batch of %d files; storing them one by one", len(self.files),
                        exc_info=True)
            return self._redo()
        self.touched.update(self.run.touched)
        self.run.touched = self.touched
        self._close()
        return False

    def _rollback(self) -> None:
        """Drop the open batch and everything the run noted about it (its groups too)."""
        assert self.session is not None and self.saved is not None
        self.session.rollback()
        report, failures, self.run.facts_delta = self.saved
        for name, value in report.__dict__.items():
            setattr(self.run.report, name, value)
        del self.run.report.failures[failures:]
        self.run.touched = self.touched
        self.run.index.forget()  # groups indexed in the rolled-back transaction were never stored
        self._close()

    def _redo(self) -> bool:
        files = self.files
        self._rollback()
        changed = False
        for file in files:
            changed |= _ingest_alone(self.run, file)
        return changed

    def _close(self) -> None:
        if self.session is not None:
            self.session.close()
        self.session, self.files, self.saved = None, [], None


def _ingest_alone(run: _Run, file: _File) -> bool:
    """Store one file in its own transaction; any error there makes the file a failed one.

    Its file row is looked for even when the run started without one: the batch may have
    failed because another process (a ``factdesk ingest`` beside the watch) has added it since.
    """
    delta = run.facts_delta
    try:
        with run.sessions.begin() as session:
            changed = _ingest_file(session, run, replace(file, known=True))
    except Exception as exc:  # a database error: this file only
        run.index.forget()  # groups indexed in the rolled-back transaction were never stored
        run.facts_delta = delta
        log.exception("could not ingest %s", file.rel)
        with run.sessions.begin() as session:
            return _record_failure(session, run, file, f"could not be processed ({type(exc).__name__}: {exc})")
    return changed


def _ingest_file(session: Session, run: _Run, file: _File) -> bool:
    """Ingest one file in the caller's transaction. Returns True when the store changed.

    A file that cannot be read, or whose text the extractor fails on, is recorded as failed
    with the reason; the run goes on with the next file. A database error propagates.
    """
    try:
        raw, digest = read_text(run.folder / file.rel, run.max_bytes, run.fallback)
        return _store_one(session, run, file, raw, digest)
    except BadFile as exc:
        return _record_failure(session, run, file, str(exc))
    except _ExtractionFailed as exc:
        cause = exc.__cause__
        log.error("could not ingest %s", file.rel, exc_info=cause)
        return _record_failure(session, run, file, f"could not be processed ({type(cause).__name__}: {cause})")


def _record_failure(session: Session, run: _Run, file: _File, reason: str) -> bool:
    row = session.scalar(select(ArticleFile).where(ArticleFile.root == run.root, ArticleFile.path == file.rel)) \
        or ArticleFile(root=run.root, path=file.rel)
    if row.status == "active" and row.article_id is not None:
        # a good article saved over badly: answers keep the last good version, and status says so
        row.error = f"{reason} (the last good version is kept)"
        row.size, row.mtime_ns, row.updated_at = file.stamp[0], file.stamp[1], utcnow()
        run.report.failed += 1
        run.report.failures.append(Failure(file.rel, row.error))
        log.warning("could not ingest %s: %s", file.rel, row.error)
        return False
    previous = row.article_id
    row.status, row.error, row.size, row.mtime_ns, row.updated_at = (
        "failed", reason, file.stamp[0], file.stamp[1], utcnow())
    row.article_id = None
    session.add(row)
    session.flush()
    run.withdraw_if_orphan(session, previous)
    if previous is not None:
        run.touched.add(previous)
    run.report.failed += 1
    run.report.failures.append(Failure(file.rel, reason))
    log.warning("could not ingest %s: %s", file.rel, reason)
    return previous is not None


# A news article has tens of sentences, a long report a few thousand. A file of 50,000 lines (a data dump,
# a log) took an hour to compare each line with the others of its day, holding the ingest all that time.
MAX_SENTENCES = 5_000
_SENTENCE_END = re.compile(r"[.!?][\s\"”’)]")


LATIN_SHARE = 0.5  # a text whose letters are mostly of other scripts (Cyrillic, Arabic, Chinese) is no English


def _latin_share(text: str) -> float:
    """The share of a text's letters that are Latin (accented ones too)."""
    letters = [c for c in text[:20_000] if c.isalpha()]
    return sum(1 for c in letters if c < "\u0250") / len(letters) if letters else 1.0


def _extract(raw: str, run: _Run, file: _File) -> ExtractedArticle:
    if (n := len(_SENTENCE_END.findall(raw))) > MAX_SENTENCES:
        raise BadFile(f"too long for an article: about {n:,} sentences (at most {MAX_SENTENCES:,} are read); "
                      "split it into articles")
    try:
        extracted = extract(raw, run.story, file.year_hint, run.numbered)
    except Exception as exc:  # an extractor bug: this file only
        raise _ExtractionFailed from exc
    if not extracted.facts:  # a list of links, a table, a headline alone: stored, it said nothing
        if _latin_share(raw) < LATIN_SHARE:
            raise BadFile("not in English: Factdesk reads English copy (its letters are mostly not Latin: "
                          "another language's article, or a translation to fetch)")
        raise BadFile("no sentence to take a fact from: is it an article? (a list, a table or a headline alone "
                      "has none)")
    return extracted


def _noted(file: _File, extracted: ExtractedArticle) -> str | None:
    """What of a stored file could not be read (its front matter): kept on its row, so status lists it."""
    if extracted.problem:
        log.warning("%s: %s", file.rel, extracted.problem)
    return extracted.problem


def _store_one(session: Session, run: _Run, file: _File, raw: str, digest: str) -> bool:
    article_id = session.scalar(_BY_HASH, {"digest": digest})
    if article_id is None and not file.known:  # the common case, a new file with new text: no ORM objects
        extracted = _extract(raw, run, file)
        article_id = store_article(session, extracted, raw, digest, run.index).id
        now = utcnow()
        session.execute(_INSERT_FILE, dict(
            root=run.root, path=file.rel, article_id=article_id, size=file.stamp[0], mtime_ns=file.stamp[1],
            status="active", error=_noted(file, extracted), first_seen=now, updated_at=now))
        run.report.facts_added += len(extracted.facts)
        run.facts_delta += len(extracted.facts)
        run.report.new += 1
        run.touched.add(article_id)
        return True
    return _store_changed(session, run, file, raw, digest)


def _store_changed(session: Session, run: _Run, file: _File, raw: str, digest: str) -> bool:
    """A file already listed, or text already stored under another name."""
    report, stamp = run.report, file.stamp
    article = session.scalar(select(Article).where(Article.content_hash == digest))
    row = session.scalar(select(ArticleFile).where(ArticleFile.root == run.root, ArticleFile.path == file.rel))
    if row is not None and article is not None and row.article_id == article.id and row.status == "active":
        row.size, row.mtime_ns, row.error = stamp[0], stamp[1], None  # touched, same content (or mended back)
        report.unchanged += 1
        return False
    problem = None
    if article is None:
        extracted = _extract(raw, run, file)
        problem = _noted(file, extracted)
        article_id = store_article(session, extracted, raw, digest, run.index).id
        report.facts_added += len(extracted.facts)
        run.facts_delta += len(extracted.facts)
    else:
        article_id = article.id
        if article.withdrawn_at is not None:
            article.withdrawn_at = None  # the same text came back
            back = _article_facts(session, article_id)
            run.facts_delta += back
            report.facts_added += back  # "(+5 / -5)" for an edit undone, not "(+0 / -5)"
    previous = row.article_id if row is not None else None
    if row is None:
        row = ArticleFile(root=run.root, path=file.rel)
        session.add(row)
        report.new += 1
    else:  # a file back after its deletion, or read for the first time after failing, is new to the store
        fresh = row.status == "deleted" or previous is None
        report.new += fresh
        report.changed += not fresh
    row.article_id, row.status, row.error = article_id, "active", problem
    row.size, row.mtime_ns, row.updated_at = stamp[0], stamp[1], utcnow()
    session.flush()
    if previous and previous != article_id:
        run.withdraw_if_orphan(session, previous, superseded_by=article_id)
    run.touched.update(a for a in (article_id, previous) if a is not None)
    return True
