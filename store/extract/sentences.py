"""Step 2: cut the body into sentences with exact character offsets, and drop debris.

Every line of a news file is a paragraph (wire copy often has no blank lines), and
syntok segments each paragraph. Debris -- subheadings, datelines, link stubs, a
question used as a heading, fragments left by copy-paste -- never becomes a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from syntok import segmenter

_LEAD_TRIM = " \t-–—•*·>#\"“”"
_SUBHEAD = re.compile(r"^\s*[–—-]\s*.+\s*[–—-]\s*$")
_LINK_LINE = re.compile(r"^\s*(?:[-*]\s*)?(?:\[[^\]]*\]\([^)]*\)|<?https?://\S+>?)\s*$")  # a line that is only a link
_LINK_STUB = re.compile(r"\b(is|are) (here|below|above)\b|\b(click|read more|see also|subscribe|sign up)\b",
                        re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# "GENEVA, Sept 8 (Reuters) - " / "PORT CARROWAY, March 4 — ": the dateline opening wire copy.
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'’ -]{2,40}?)(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
                      r"(?:\s*\((?P<outlet>[A-Za-z .]{2,30})\))?\s*[-–—]+\s+(?=[A-Z“\"])")


@dataclass
class Sentence:
    text: str
    start: int  # offsets into the text handed to split_sentences
    end: int
    paragraph: int
    position: int  # index among kept sentences of the article


# Where syntok could end a sentence inside a paragraph: terminal punctuation, ";", ":",
# closing brackets, a closing quote mark.
_MAYBE_BOUNDARY = re.compile(r"[.!?…;:)\]]|['\"”’]\s")
_TRAILING_END = ".!?…'\"”’ \t"


def _segments(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph.

    Most news paragraphs are one sentence with nothing inside that could end it; those are
    that one span without asking syntok (a fifth of the ingest time went to segmenting them).
    """
    body = paragraph.strip()
    if body and not _MAYBE_BOUNDARY.search(body.rstrip(_TRAILING_END)):
        start = len(paragraph) - len(paragraph.lstrip())
        return [(start, start + len(body))]
    spans: list[tuple[int, int]] = []
    for para in segmenter.analyze(paragraph):
        for sent in para:
            tokens = [t for t in sent if t.value]
            if tokens:
                spans.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)))
    return spans


def debris_reason(text: str) -> str | None:
    """Why a sentence is not a fact, or None when it is one."""
    stripped = text.strip()
    words = _WORD.findall(stripped)
    if _SUBHEAD.match(stripped):
        return "subheading"
    if len(words) < 5:
        return "fragment"
    if stripped.endswith("?") and not stripped.startswith(("“", '"')):
        return "question"
    if _LINK_STUB.search(stripped) or re.fullmatch(r"\(?https?://\S+\)?\.?", stripped):
        return "link stub"
    if stripped[-1] not in ".!?\"”’'…)" and not stripped.endswith(("”.", "\".")):
        return "no closing punctuation (heading)"
    return None


def split_sentences(body: str, skip_first_line: bool = False) -> list[Sentence]:
    """Kept sentences of ``body``; ``skip_first_line`` drops a headline already used as the title."""
    out: list[Sentence] = []
    offset = 0
    paragraph = 0
    for line_no, line in enumerate(body.split("\n")):
        line_start = offset
        offset += len(line) + 1
        if not line.strip() or (skip_first_line and line_no == 0) or _LINK_LINE.match(line):
            continue
        for a, b in _segments(line):
            dateline = DATELINE.match(line, a) if a == len(line) - len(line.lstrip()) else None
            if dateline and dateline.end() < b:
                a = dateline.end()  # the dateline is not part of the fact
            raw = line[a:b]
            lead = len(raw) - len(raw.lstrip(_LEAD_TRIM))
            # keep an opening quote mark: it tells who is speaking
            if lead and raw[lead - 1] in "\"“":
                lead -= 1
            text = raw[lead:].rstrip()
            if not text or debris_reason(text):
                continue
            start = line_start + a + lead
            out.append(Sentence(text=text, start=start, end=start + len(text), paragraph=paragraph,
                                position=len(out)))
        paragraph += 1
    return out
