"""Step 0: a saved web page -> the article in it, as front-matter text (store/extract/article.py).

Reporters save pages from the browser: navigation, share buttons, scripts and footers around a
few paragraphs. Read as text, such a page gave no fact at all, without a word of why.
trafilatura, the field's standard for finding a page's main text, finds the article, its title
and its date. What is stored, extracted and cited is that text: fact offsets point into it, not
into the markup.
"""

from __future__ import annotations

import codecs
import logging
import re

import frontmatter

# trafilatura's "discarding data: None" warnings, twice per empty page, came before ingest's own clear reason
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_SUFFIXES = (".html", ".htm", ".xhtml")
HEAD_BYTES = 65536  # a page's <head> runs long (scripts, styles): where its publication meta is looked for
_TAG = re.compile(r"<(?:[a-zA-Z][\w-]*[\s>/]|!--|!doctype)", re.IGNORECASE)
# A page saved without its suffix: it opens with a doctype or an <html> tag
_OPENS_AS_PAGE = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                            re.IGNORECASE | re.DOTALL)
# Where pages state their publication day: Open Graph / article meta, schema.org JSON-LD
_PUBLISHED = re.compile(r"""(?:article:published_time|datePublished|pubdate|publish(?:ed)?[_-]?date|dc\.date)"""
                        r"""(?:["']\s*(?:content|datetime)=|["']?\s*:\s*)["'](\d{4}-\d{2}-\d{2})""", re.IGNORECASE)
# htmldate drops any date after the machine's today: a page of an outlet some hours ahead of UTC
# ("2026-12-03T01:00+09:00" read on the 2nd) lost its stated day. Its latest date is no clock's.
_DATE_SEARCH = {"extensive_search": False, "original_date": True, "max_date": "2999-12-31"}
_FULL_STOP = re.compile(r"[.!?…][\"”’»)]*$")


def is_web_page(name: str, text: str) -> bool:
    """A page by its name (and any markup in it: a text saved as .html is text), or one that
    opens as a page whatever its name."""
    return (name.lower().endswith(_SUFFIXES) and _TAG.search(text, 0, HEAD_BYTES) is not None) \
        or _OPENS_AS_PAGE.match(text, 0, 4096) is not None


# <meta charset="windows-1252">, <meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE)


def declared_encoding(head: bytes) -> str | None:
    """The encoding a saved page declares in its first bytes: pages saved from older news sites
    keep theirs (windows-1252, iso-8859-1), and say so; no guess is needed."""
    m = _CHARSET.search(head)
    if m is None:
        return None
    name = m.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def published_day(head: str) -> str | None:
    """The publication day a page's markup states ("2025-06-02"), read without parsing the
    page: ingest orders files by it before reading any whole."""
    m = _PUBLISHED.search(head)
    return m.group(1) if m else None


def _is_sentence(paragraph: str) -> bool:
    """What a paragraph of an article has and a menu has not: four words or more, then a full stop."""
    return len(paragraph.split(None, 3)) > 3 and _FULL_STOP.search(paragraph) is not None


def _paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def article_text(page: str) -> str | None:
    """The page's article: front matter (title, date, url, outlet, where the page says them),
    then its paragraphs separated by blank lines. None when the page holds no article text (an
    index page, a login wall)."""
    import trafilatura  # imported here: most folders hold no web page, and the CLI starts faster

    # A short article among share links can come back run into them, as one line ending in "Email":
    # then trafilatura is asked again, favouring precision (on long pages it drops some paragraphs)
    for precise in (False, True):
        doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, include_tables=False,
                                          favor_precision=precise, date_extraction_params=_DATE_SEARCH)
        paragraphs = _paragraphs(doc.text) if doc is not None else []
        if any(_is_sentence(p) for p in paragraphs):  # then ``doc`` is a page's
            break
    else:  # "Home | World": a menu, no article
        return None
    title = (doc.title or "").strip() or None
    if title and paragraphs[0] == title:  # the headline is the title, not a fact
        paragraphs = paragraphs[1:] or paragraphs
    body = "\n\n".join(paragraphs)
    # The page's own publication meta first: htmldate's pick can be a related story's link ("/2019/06/12/")
    # or a law's year in the text ("Act 2011") when it rejects the stated day
    date = published_day(page[:HEAD_BYTES]) or doc.date
    meta = {key: value for key, value in (("title", title), ("date", date), ("url", doc.url),
                                          ("outlet", doc.sitename)) if value}
    return (frontmatter.dumps(frontmatter.Post(body, **meta)) if meta else body) + "\n"
