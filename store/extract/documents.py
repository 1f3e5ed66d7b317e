"""Step 0: a Word (.docx) or PDF document -> its article as plain text.

Folders fill with what arrives: staff copy and press releases as Word files, pages printed
or published as PDF. Read as text they were binary and failed. python-docx and pypdf, the
field's standard readers, give their paragraphs; what is stored, extracted and cited is that
text (fact offsets point into it), after front matter holding the document's title and the
date of a wire date line (store/extract/article.py reads both), as a saved page's is.

A PDF has no paragraphs, only lines on pages: running headers and footers ("Page 2 of 3", the
outlet and the print time on every page) are dropped, and lines are joined back into
paragraphs (a line that closes a sentence well short of the page's width ends one; a word
hyphenated across lines is joined). A scanned PDF has no text to read, and fails so.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

import frontmatter

from store.extract.article import DATE_LINE
from store.extract.sentences import PROMO

DOCX, PDF = "a Word document", "a PDF document"
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
_CLOSES = re.compile(r"[.!?…:][\"”’»)]*$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")  # "negoti-" at a line's end, not "2025-" or "--"
_NO_TITLE = re.compile(r"^(?:microsoft word\s*-|untitled\b)|\.(?:docx?|pdf|txt|html?)$", re.IGNORECASE)
EDGE_LINES = 3  # where on a page running headers and footers are looked for
OPENING = 6  # paragraphs a document's date line may come after (a header, a title in pieces)
FULL_LINE = 0.9  # a line this share of the page's usual width runs on to the next, though it closes a sentence
HEADING_LINE = 0.6  # a line shorter than this share ends its paragraph, though it closes none


class DocumentError(ValueError):
    """A document that cannot be read as an article; the message says why, for the failure list."""


def document_kind(data: bytes) -> str | None:
    """DOCX or PDF when ``data`` is a document this module reads (by its first bytes, whatever
    the file's name), else None. An OpenDocument or other zip is not a Word document."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return DOCX if "word/document.xml" in z.namelist() else None
        except zipfile.BadZipFile:
            return None
    return None


def document_text(data: bytes, kind: str, first_page: bool = False) -> str:
    """The document's text as front matter (its title, and the date of a wire date line), then
    its paragraphs separated by blank lines; or :class:`DocumentError`. ``first_page``: a PDF's
    first page only, for what opens the document (ingest orders files by their date)."""
    title, paragraphs = _docx(data) if kind == DOCX else _pdf(data, first_page)
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise DocumentError(f"{kind} with no text in it" + (" (a scan? it would need OCR)" if kind == PDF else ""))
    if title:
        paragraphs = _title_rejoined(title, paragraphs)
    meta: dict[str, str] = {}
    # The seeds' date line, a running header or the title before it: a document's text starts there
    dated = next((i for i, p in enumerate(paragraphs[:OPENING]) if DATE_LINE.match(p)), None)
    if dated is not None:
        line = DATE_LINE.match(paragraphs[dated])
        assert line is not None
        meta["date"] = line.group(1)
        rest = paragraphs[dated][line.end():].strip()
        paragraphs = [rest, *paragraphs[dated + 1:]] if rest else paragraphs[dated + 1:]
    if title:
        meta["title"] = title  # the article's title, and no fact
        if title in paragraphs[:EDGE_LINES]:  # under a running header, on a one-page PDF
            paragraphs.remove(title)
    body = "\n\n".join(paragraphs)
    return (frontmatter.dumps(frontmatter.Post(body, **meta)) if meta else body) + "\n"


def _title_rejoined(title: str, paragraphs: list[str]) -> list[str]:
    """A title set large wraps into lines shorter than the body's, read as paragraphs of their own:
    joined back when together they are the title."""
    for i in range(min(EDGE_LINES, len(paragraphs))):
        for n in range(2, 5):
            if " ".join(paragraphs[i:i + n]) == title:
                return [*paragraphs[:i], title, *paragraphs[i + n:]]
    return paragraphs


def _title(value: str | None) -> str | None:
    """A title from the document's properties, unless it is a tool's default or a file name."""
    value = " ".join((value or "").split())
    return value if value and not _NO_TITLE.search(value) else None


# What a .docx's text may unpack to: an article's is well under 1 MB. A 444 KB file unpacking to
# 100 MB of paragraphs made a million facts and took 3.7 GB to read.
MAX_UNPACKED = 20_000_000


def _docx(data: bytes) -> tuple[str | None, list[str]]:
    import docx  # imported here, as trafilatura is: most folders hold no document

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as parts:
            unpacked = sum(i.file_size for i in parts.infolist() if i.filename.startswith("word/"))
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"{DOCX} that is damaged and cannot be opened: save it again") from exc
    if unpacked > MAX_UNPACKED:
        raise DocumentError(f"{DOCX} that unpacks to {unpacked:,} bytes, far more than an article "
                            f"(limit {MAX_UNPACKED:,}): is it a document of many articles, or damaged?")
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, XML and key errors alike for a damaged file
        raise DocumentError(f"{DOCX} that cannot be opened ({type(exc).__name__}): save it again") from exc
    title = _title(doc.core_properties.title)
    paragraphs = []
    for p in doc.paragraphs:
        text = " ".join(p.text.split())  # a line break inside a paragraph is a space
        if text and title is None and len(paragraphs) < EDGE_LINES and (p.style.name or "").startswith(("Title",
                                                                                                    "Heading")):
            title = text  # under "PRESS RELEASE", "FOR IMMEDIATE RELEASE" too
        paragraphs.append(text)
    return title, paragraphs


def _pdf(data: bytes, first_page: bool = False) -> tuple[str | None, list[str]]:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{PDF} locked with a password: save an unlocked copy")
        pages = [page.extract_text() or "" for page in (reader.pages[:1] if first_page else reader.pages)]
        title = _title(reader.metadata.title if reader.metadata else None)
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises its own errors and plain ones on a damaged file
        raise DocumentError(f"{PDF} that cannot be read ({type(exc).__name__}): save it again") from exc
    lines = [[" ".join(line.split()) for line in page.split("\n")] for page in pages]
    running = _running_lines(lines)
    paragraphs: list[str] = []
    current = ""  # a paragraph that runs on across a page break goes on
    for page in lines:
        kept = [line for i, line in enumerate(page) if line and not _PAGE_NUMBER.match(line)
                and not (_shape(line) in running and (i < EDGE_LINES or i >= len(page) - EDGE_LINES))]
        current = _reflow(kept, paragraphs, current, title)
    paragraphs.append(current)
    return title, paragraphs


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())  # "Page 2 of 3" and "Page 3 of 3" are one running line


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of at least half the pages (two or more), closing no sentence:
    headers and footers."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:  # a line that closes a sentence is the body's, however often it recurs
        counts.update({_shape(line) for line in page[:EDGE_LINES] + page[-EDGE_LINES:]
                       if line and not _CLOSES.search(line)})
    return {shape for shape, n in counts.items() if n >= max(2, len(pages) / 2)}


def _reflow(lines: list[str], paragraphs: list[str], current: str, title: str | None = None) -> str:
    """Join one page's lines onto ``current`` and into ``paragraphs``; return the paragraph
    left open by the page's last line, for the next page to go on with.

    Lines are measured in characters against the page's usual full line: a line that closes a
    sentence short of it ends its paragraph, and a line much shorter than it is a heading.
    """
    if not lines:
        return current
    width = sorted(len(line) for line in lines)[int(len(lines) * 0.9)]  # the usual full line
    for line in lines:
        if current and (DATE_LINE.match(line) or current == title or PROMO.match(line)):
            paragraphs.append(current)  # the title ends; the wire's first line or "ALSO READ: ..." starts
            current = ""
        if PROMO.match(line):  # a line of its own, which the extractor drops
            paragraphs.append(line)
            continue
        if current and _HYPHENATED.search(current) and line[:1].islower():
            current = current[:-1] + line  # "negoti-" + "ations"
        else:
            current = f"{current} {line}" if current else line
        if _HYPHENATED.search(line):
            continue
        if len(line) < HEADING_LINE * width or (len(line) < FULL_LINE * width and _CLOSES.search(line)):
            paragraphs.append(current)
            current = ""
    return current
