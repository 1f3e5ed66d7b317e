"""Step 1: split a file into its metadata (date, title, outlet, url) and its body.

Three shapes are accepted: the wire format whose first line starts with
`` date YYYY-MM-DD `` and runs straight into the text, Markdown/text with a
front-matter block, and plain text with no metadata at all (the date is then
inferred later from the text itself).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

import frontmatter

if TYPE_CHECKING:
    from store.extract.dates import DateMention

DATE_LINE = re.compile(r"\A\s*date[:\s]+(\d{4}-\d{2}-\d{2})[ \t]*")  # the seeds' first line
_FRONT = re.compile(r"\A(?:\ufeff)?---\s*\n")
_SENTENCE_END = re.compile(r"[.!?…\"”’)]\s*$")


@dataclass
class ParsedArticle:
    body: str
    body_offset: int  # where ``body`` starts in the raw text, so fact offsets point into the file
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    date_source: str = "unknown"  # header | front_matter | dateline | inferred | unknown
    date_reason: str | None = None
    dateline: str | None = None  # where the copy was filed ("GENEVA, Sept 8 (Reuters) -", a lone "KIEV")
    dateline_day: tuple[int, int] | None = None  # its month and day when it gives no year ("Sept. 30")
    commentary: bool = False  # an editorial, an opinion column: it argues, it reports no round (is_commentary)
    problem: str | None = None  # what could not be read and was done without ("its front matter ..."), for status


# What labels commentary: a line of its own ("EDITORIAL"), a title's first word ("OPINION: Brek's walkout
# was theatre"), a section in the front matter, a part of the address ("/opinion/2034/10/26/...")
_COMMENTARY = r"(?:editorial|opinion|op-ed|comment|column|viewpoint|our\s+view)"
_COMMENTARY_LINE = re.compile(rf"(?i:{_COMMENTARY})")
_COMMENTARY_TITLE = re.compile(rf"(?i:{_COMMENTARY})\s*[:|–—]\s*")
_COMMENTARY_URL = re.compile(r"/(?:opinions?|editorials?|op-?eds?|comment|commentisfree|columns?)/", re.IGNORECASE)


def is_commentary(opening: list[str], title: str | None, url: str | None) -> bool:
    """Whether a file is an editorial or an opinion piece, by its label (its front matter's section is read
    with it): a leader published three days after a round ("The Centre should put a draft Bill on the
    table ...") was told as that round's news."""
    return (any(_COMMENTARY_LINE.fullmatch(line.strip(" *#_:|")) for line in opening[:3])
            or bool(title and _COMMENTARY_TITLE.match(title)) or bool(url and _COMMENTARY_URL.search(url)))


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


_UNCLOSED_FRONT = re.compile(r"---[ \t]*\r?\n(?:[ \t]*\r?\n)*[A-Za-z_][\w-]*:")  # "---" then "title: ...", never closed


def _meta_text(value: object) -> str | None:
    """A front matter value that is text (a number or a day is written out); a list or a mapping is none:
    "title: [a, b]" was cited as "['a', 'b']"."""
    if isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _headline(body: str) -> str | None:
    """A first line without closing punctuation, short and followed by more text, is a headline.
    A press release's label and sender lines in capitals come before it ("FOR IMMEDIATE RELEASE —
    22 October 2026", "HARBOUR WORKERS' FEDERATION"): the release was titled by its label."""
    lines = _opening_lines(body)
    for i, line in enumerate(lines[:3]):
        if i + 1 == len(lines):
            return None  # a headline is followed by more text
        if all(w.isupper() for w in line.split()[:2]) and (COPY_LABEL.search(line) or len(line.split()) <= 4):
            continue
        return line.lstrip("#").strip() if 3 <= len(line.split()) <= 20 and not _SENTENCE_END.search(line) else None
    return None


# A line in capitals that labels the copy, not where it was filed: "PRESS RELEASE", "FOR IMMEDIATE RELEASE"
COPY_LABEL = re.compile(r"\b(?:RELEASE|STATEMENT|BREAKING|UPDATE|UPDATED|EXCLUSIVE|ANALYSIS|OPINION|EDITORIAL|"
                    r"ADVISORY|NOTICE|EMBARGO(?:ED)?|LIVE|NEWS|REPORT|INTERVIEW|FACTBOX|EXPLAINER)\b")


OPENING_LINES = 4  # lines at the top of a file where the day it was written may be stated
_LINE = re.compile(r"[^\n]*\S[^\n]*")  # a line with text in it


def _opening_lines(body: str, n: int = OPENING_LINES) -> list[str]:
    """The first ``n`` lines of ``body`` with text, stripped: where its dateline or stated day stands
    (read without splitting the whole body)."""
    return [m.group(0).strip() for m in islice(_LINE.finditer(body), n)]


def _dateline(opening: list[str]) -> str | None:
    from store.extract.entities import ORG_WORDS
    from store.extract.sentences import dateline_match

    for line in opening[:3]:
        m = dateline_match(line)
        if m and (place := m.groupdict().get("place")):
            return place.strip().title()
        if re.fullmatch(r"[A-Z][A-Z.'’ -]{2,30}", line) and len(line.split()) <= 3 and not COPY_LABEL.search(line) \
                and ORG_WORDS.isdisjoint(w.strip("'’").lower() for w in line.split()):
            return line.title()  # a lone "KIEV"; not a press release's "HARBOUR WORKERS' FEDERATION"
    return None


def _colon_dateline(opening: list[str]) -> str | None:
    """ "NEW DELHI: The government ...": the first paragraph's, under a headline, standfirst, byline and
    time; not in a transcript, whose opening lines are speakers' ("YAZZIE: Thank you")."""
    from store.extract.sentences import colon_dateline, story_paragraph

    colons = [m for line in opening if (m := colon_dateline(line))]
    first = next((line for line in opening if story_paragraph(line)), None)
    if len(colons) == 1 and colons[0].string == first:
        return colons[0]["place"].title()
    return None


_COLON_LINES = 6  # the lines read for it: a headline, a standfirst, a byline, a time, then the story


# What may stand beside the date on a line that only states it: "Published Friday, June 19, 2026,
# 16:42 GMT", "The Nairobi Daily | 19 June 2026", "Mombasa, 19 June 2026"
_BESIDE_A_DATE = re.compile(r"(?i:published|posted|updated|last|date|dated|on|at|by|am|pm|a\.m\.?|p\.m\.?|gmt|utc|"
                            r"ist|local|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                            r"|\d{1,2}[:.]\d{2}(?i:\s*[ap]\.?m\.?)?|[|·•,.:;–—-]+"
                            r"|T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")  # ISO 8601's time of day


# A line that states when the copy was published and then when it was updated: the first is its day
_PUBLISHED_FIRST = re.compile(r"\W*(?i:published|posted|first\s+published)\b")


def _without(text: str, days: list[DateMention]) -> str:
    """``text`` without the dates found in it."""
    out, at = [], 0
    for d in days:
        out.append(text[at:d.start])
        at = d.end
    return " ".join([*out, text[at:]])


def _stated_day(opening: list[str]) -> tuple[dt.date, str] | None:
    """The day an undated file states at its top, in full: a dateline ("NAIROBI, 20 June 2026 –")
    or a line that says only that ("Published Friday, June 19, 2026"; "Mombasa, 19 June 2026").
    Without it, the day was inferred from the latest date in the text: a conference set for
    September dated a June press release."""
    from store.extract.dates import find_dates
    from store.extract.sentences import dateline_match

    for line in opening:
        lead = dateline_match(line)
        text = lead.group("date") if lead and lead.group("date") else _dated_segment(line)
        days = [d for d in find_dates(text, None) if d.kind in ("day", "iso") and d.year and d.date]
        if not days or (len(days) > 1 and not _PUBLISHED_FIRST.match(text)):
            continue
        rest = _without(text, days).split()
        rest = [w for w in (w.strip(",.|:;") for w in rest) if w and not _BESIDE_A_DATE.fullmatch(w)]
        # a place or an outlet at most; or a byline ("By Orla Keane, Health Correspondent | 03/05/2033")
        if lead or (len(rest) <= (8 if _BYLINE.match(line) else 3) and all(w[:1].isupper() for w in rest)):
            return _weekday_told(days[0], opening), f"the date it states: {line[:80]!r}"
    return None


def _dated_segment(line: str) -> str:
    """Of a masthead's line ("The Colvera Herald | Live coverage | Friday, May 6, 2033"), the part that holds
    its day, when every other part is a short label; else the line."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) < 2 or any(len(p.split()) > _MASTHEAD_WORDS for p in parts):
        return line
    dated = [p for p in parts if _DIGITS.search(p)]
    return dated[0] if len(dated) == 1 else line


_MASTHEAD_WORDS = 6
_DIGITS = re.compile(r"\d")
_BYLINE = re.compile(r"By\s+[A-Z]")
_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/\d{4}")
_WEEKDAY_NAMES = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


def _weekday_told(day: DateMention, opening: list[str]) -> dt.date | None:
    """A numeric day both orders can read ("03/05/2033") is read day first, as Europe writes it,
    unless the opening names the weekday of the other order only (an American "05/03/2033" above
    "on Tuesday" is 3 May)."""
    from store.extract.dates import WEEKDAYS

    date, m = day.date, _NUMERIC.fullmatch(day.text)
    if date is None or m is None or int(m[1]) > 12 or int(m[2]) > 12 or m[1] == m[2]:
        return date
    named = {w.lower() for line in opening for w in _WEEKDAY_NAMES.findall(line)}
    other = date.replace(month=date.day, day=date.month)
    if named and WEEKDAYS[date.weekday()] not in named and WEEKDAYS[other.weekday()] in named:
        return other
    return date


# Where a release's copy ends: "– ENDS –", "###", "-30-", "Notes to editors:"; what follows (contacts,
# "high-resolution photographs are available on request") is no fact of the story
_END_OF_COPY = re.compile(r"^[ \t]*(?:[-–—]+[ \t]*)?(?:ENDS?|END OF (?:RELEASE|STATEMENT)|#{3}|-30-)"
                          r"(?:[ \t]*[-–—]+)?[ \t]*$"
                          r"|^[ \t]*(?i:notes?[ \t]+(?:to|for)[ \t]+editors)[ \t]*:?[ \t]*$", re.MULTILINE)


def _dateline_day(opening: list[str]) -> tuple[int, int] | None:
    """The month and day of a dateline that gives no year: "WASHINGTON, Sept. 30 (AP) —", as AP and
    most wires write it. The year is the reader's to know (see :func:`store.extract.pipeline.extract`)."""
    from store.extract.dates import find_dates
    from store.extract.sentences import dateline_match

    for line in opening:
        lead = dateline_match(line)
        if lead and lead.group("date"):
            days = [d for d in find_dates(lead.group("date"), None) if d.kind == "day" and d.month and d.day]
            return (days[0].month, days[0].day) if len(days) == 1 and days[0].year is None else None
    return None


def parse_article(raw: str) -> ParsedArticle:
    parsed = _parse(raw)
    if end := _END_OF_COPY.search(parsed.body):
        parsed.body = parsed.body[:end.start()]
    opening = _opening_lines(parsed.body)
    parsed.dateline = _dateline(opening) or _colon_dateline(_opening_lines(parsed.body, _COLON_LINES))
    parsed.commentary = parsed.commentary or is_commentary(opening, parsed.title, parsed.url)
    if parsed.published is None and parsed.date_source == "unknown":
        if stated := _stated_day(opening):
            parsed.published, parsed.date_reason = stated
            parsed.date_source = "dateline"
        else:
            parsed.dateline_day = _dateline_day(opening)
    return parsed


def _parse(raw: str) -> ParsedArticle:
    m = DATE_LINE.match(raw)
    if m:
        body = raw[m.end():]
        parsed = ParsedArticle(body=body, body_offset=m.end(),
                               published=_as_date(m.group(1)), date_source="header")
        if parsed.published is None:
            parsed.date_source, parsed.date_reason = "unknown", f"unreadable date line {m.group(1)!r}"
        parsed.title = _headline(body)
        return parsed
    if _FRONT.match(raw):
        try:
            post = frontmatter.loads(raw)
        except Exception as exc:  # malformed front matter: keep the whole file as text, and say so
            problem = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            parsed = ParsedArticle(body=raw, body_offset=0, title=_headline(raw))
            parsed.problem = f"its front matter could not be read ({problem}): read as plain text, without it"
            return parsed
        if isinstance(post.metadata, dict) and post.metadata:
            body = post.content
            offset = max(raw.find(body[:200]), 0) if body else len(raw)
            meta = {str(k).lower(): v for k, v in post.metadata.items()}
            stated = meta.get("date") or meta.get("published")
            published = _as_date(stated)
            parsed = ParsedArticle(
                body=body, body_offset=offset, title=_meta_text(meta.get("title")),
                outlet=_meta_text(meta.get("outlet") or meta.get("source")), url=_meta_text(meta.get("url")),
                published=published, date_source="front_matter" if published else "unknown",
            )
            unread = [key for key in ("title", "outlet", "source", "url")
                      if meta.get(key) and not _meta_text(meta[key])]
            if stated and published is None:
                unread.insert(0, f"date {str(stated)[:40]!r}")
            if unread:
                parsed.problem = f"its front matter's {', '.join(unread)} could not be read: done without"
            if parsed.title is None:
                parsed.title = _headline(body)
            section = meta.get("section") or meta.get("category") or meta.get("type")
            parsed.commentary = isinstance(section, str) and _COMMENTARY_LINE.fullmatch(section.strip()) is not None
            return parsed
        parsed = ParsedArticle(body=raw, body_offset=0, title=_headline(raw))
        if _UNCLOSED_FRONT.match(raw):
            parsed.problem = "its front matter has no closing '---' line: read as plain text, without it"
        return parsed
    return ParsedArticle(body=raw, body_offset=0, title=_headline(raw))
