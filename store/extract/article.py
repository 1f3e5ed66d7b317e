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

import frontmatter

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
    date_source: str = "unknown"  # header | front_matter | inferred | unknown
    date_reason: str | None = None
    dateline: str | None = None  # where the copy was filed ("GENEVA, Sept 8 (Reuters) -", a lone "KIEV")


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


def _headline(body: str) -> str | None:
    """A first line without closing punctuation, short and followed by more text, is a headline."""
    first, _, rest = body.lstrip().partition("\n")
    first = first.strip()
    if rest.strip() and 3 <= len(first.split()) <= 20 and not _SENTENCE_END.search(first):
        return first.lstrip("#").strip()
    return None


def _dateline(body: str) -> str | None:
    from store.extract.sentences import DATELINE

    for line in [ln.strip() for ln in body.split("\n") if ln.strip()][:3]:
        m = DATELINE.match(line)
        if m:
            return m.group("place").strip().title()
        if re.fullmatch(r"[A-Z][A-Z.'’ -]{2,30}", line) and len(line.split()) <= 3:
            return line.title()
    return None


def parse_article(raw: str) -> ParsedArticle:
    parsed = _parse(raw)
    parsed.dateline = _dateline(parsed.body)
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
        except Exception:  # malformed front matter: keep the whole file as text
            post = None
        if post is not None and post.metadata:
            body = post.content
            offset = max(raw.find(body[:200]), 0) if body else len(raw)
            meta = {str(k).lower(): v for k, v in post.metadata.items()}
            published = _as_date(meta.get("date") or meta.get("published"))
            parsed = ParsedArticle(
                body=body, body_offset=offset,
                title=str(meta["title"]).strip() if meta.get("title") else None,
                outlet=str(meta.get("outlet") or meta.get("source") or "").strip() or None,
                url=str(meta["url"]).strip() if meta.get("url") else None,
                published=published,
                date_source="front_matter" if published else "unknown",
            )
            if parsed.title is None:
                parsed.title = _headline(body)
            return parsed
    return ParsedArticle(body=raw, body_offset=0, title=_headline(raw))
