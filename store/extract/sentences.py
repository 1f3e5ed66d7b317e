"""Step 2: cut the body into sentences with exact character offsets, and drop debris.

Every line of a news file is a paragraph (wire copy often has no blank lines), unless the
file is hard-wrapped: a line that plainly runs on (into a lowercase word, after a comma, or
as one of many lines filled to the same width) is joined to the next. syntok segments each
paragraph. Debris -- subheadings, datelines, link stubs, a question used as a heading,
fragments left by copy-paste -- never becomes a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from syntok import segmenter
from syntok._segmentation_states import State as _SyntokState

from store.extract.entities import STOP_STARTS, TITLES

_LEAD_TRIM = " \t-–—•*·>#\"“”"
_SUBHEAD = re.compile(r"^\s*[–—-]\s*.+\s*[–—-]\s*$")
_LINK_LINE = re.compile(r"^\s*(?:[-*]\s*)?(?:\[[^\]]*\]\([^)]*\)|<?https?://\S+>?)\s*$")  # a line that is only a link
# "The full list is here." (a link's words, at the sentence's end), not '"We are here to finish," he said'
_LINK_STUB = re.compile(r"\b(is|are) (here|below|above)\s*[.:!]?\s*$|\b(click|read more|see also|subscribe|sign up)\b",
                        re.IGNORECASE)
# A site's or a release's pointer to other copy, run into what follows it: "ALSO READ: Dorsalie rivals ..."
PROMO = re.compile(r"^(?i:also read|read also|read more|related|see also|more on this|recommended|watch|listen)\s*:")
_LINK_STUB_WORDS = ("here", "below", "above", "click", "read more", "see also", "subscribe", "sign up")  # cheap test
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A wire story's closing credits: "(Reporting by Njeri Kamau in Nairobi; Editing by Alex Richardson)"
_CREDIT_NAME = r"[A-Z][\w’'.-]*(?:,?\s+(?:[A-Z][\w’'.-]*|and|&|de|van|von|al|el|bin))*"
_CREDIT = (rf"(?i:(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|graphics)\s+by)\s+{_CREDIT_NAME}"
           rf"(?:\s+in\s+{_CREDIT_NAME})*")  # "by A in Velsberg and B in San Francisco"
_CREDITS = re.compile(rf"^\(?\s*{_CREDIT}(?:\s*[;,]\s*{_CREDIT})*\s*\)?\.?$")
# "Associated Press writer Tilde Remmer in Lissel contributed to this report.", "Jane Doe contributed reporting."
_CONTRIBUTED = re.compile(r"\bcontributed\s+(?:to\s+this\s+(?:report|story|article)|(?:additional\s+)?"
                          r"(?:reporting|research))(?:\s+(?:from|in)\s+[A-Z][\w’' ,-]{0,40})?\.?$", re.IGNORECASE)
# A signpost to what follows: "Here is what was agreed and what could still go wrong.", "Here's what we know:"
_SIGNPOST = re.compile(r"^(?:here(?:['’]s|\s+is|\s+are)|below\s+(?:is|are))\s+(?:what|how|why|who|where|when|"
                       r"the\s+(?:latest|key|main))\b[^.!?:]*[.:]$", re.IGNORECASE)  # not "... agreed: Norland will"
# A page's stamp or update note, which ends in "p.m." and so reads as a sentence: "Published Thursday, Oct.
# 12, 2034, 3:58 p.m.", "UPDATED at 6:45 p.m. with comment from House Speaker Gregory Hale." Not "Published
# on 12 May, the report found ...": a stamp holds nothing but its day and time.
_STAMP = re.compile(r"(?i:(?:first\s+|last\s+)?(?:published|posted|updated)(?:\s+on)?)\s*[:,]?\s+")
_UPDATE_NOTE = re.compile(r"(?i:at\s+)?\d{1,2}[:.]\d{2}\s*(?i:[ap]\.?m\.?)?\s*(?i:[A-Z]{2,4}\s+)?(?i:with|to)\s")
_STAMP_WORD = re.compile(r"(?i:\d[\d:.TZ+-]*(?:st|nd|rd|th)?|[ap]\.?m\.?|at|on|gmt|utc|bst|cet|est|edt|pst|pdt|local|"
                         r"last|first|updated|published|posted|"
                         r"time|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                         r"sept|oct|nov|dec)[a-z]*\.?)")


def _is_stamp(text: str) -> bool:
    m = _STAMP.match(text)
    if m is None:
        return False
    rest = text[m.end():]
    return _UPDATE_NOTE.match(rest) is not None or all(
        _STAMP_WORD.fullmatch(w) for w in (w.strip(",|;:") for w in rest.split()) if w)


# A wire update's note to editors: "(Adds minister's quote, paragraphs 5-7)", "(Corrects spelling of ...)"
_EDITORS_NOTE = re.compile(r"^\(\s*(?i:adds|updates|corrects|recasts|refiles|rewrites|changes|clarifies|"
                           r"removes|inserts|fixes|amends|repeats|tops|writes\s+through)\b[^()]*\)\.?$")
# "GENEVA, Sept 8 (Reuters) - " / "PORT CARROWAY, March 4 — " / "KARVO, Norland (AP) — ": the dateline
# opening wire copy, its place in capitals, then perhaps its country in words.
_DATELINE_DATE = (r"(?P<date>(?:[A-Z][a-z]+day,?\s+)?"
                  r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?))")
DATELINE = re.compile(rf"^(?P<place>[A-Z][A-Z.'’ -]{{2,40}}?)"
                      r"(?:,\s*(?P<region>[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+\.?){0,2}))?"  # "Norland", "Ariz."
                      rf"(?:,\s*{_DATELINE_DATE})?"
                      r"(?:\s*\((?P<outlet>[A-Za-z .]{2,30})\))?\s*[-–—]+\s+(?=[A-Z“\"])")
# South Asian wire copy: "New Delhi, Jan 8 (PTI) The sixth round ...": the place in words, its date and the
# agency say it is a dateline, and no dash follows
AGENCY_DATELINE = re.compile(rf"^(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}),\s*{_DATELINE_DATE}"
                             r"\s*\((?P<outlet>[A-Za-z .]{2,30})\)\s*[-–—:]*\s+(?=[A-Z“\"])")
# A paper's "NEW DELHI: The government ...", "ISLAMABAD: ...": the place in capitals and a colon, read only
# where a story opens (a transcript's "CHAIRMAN YAZZIE:" is a speaker)
COLON_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z'’-]+(?:\s[A-Z][A-Z'’-]+){0,2}):\s+(?=[A-Z“\"])")
# A wire's dateline without a place, as its factboxes and round-ups open: "June 16 (Reuters) - ". The
# outlet is what makes it one: "March 6-8, 2028 - First round ..." is a timeline's entry, kept.
BARE_DATELINE = re.compile(rf"^{_DATELINE_DATE}\s*\((?P<outlet>[A-Za-z .]{{2,30}})\)\s*[-–—]+\s+(?=[A-Z“\"])")


def dateline_match(line: str, pos: int = 0) -> re.Match[str] | None:
    """The dateline opening ``line`` at ``pos``, with a place or without one."""
    return DATELINE.match(line, pos) or AGENCY_DATELINE.match(line, pos) or BARE_DATELINE.match(line, pos)


PARAGRAPH_CHARS = 60


def story_paragraph(line: str) -> bool:
    """Whether a line at the top of a file is the story's first paragraph, not its headline, standfirst,
    byline or time: longer than PARAGRAPH_CHARS, and ended as a sentence is."""
    text = line.strip()
    return len(text) > PARAGRAPH_CHARS and text[-1] in _CLOSED


def colon_dateline(line: str) -> re.Match[str] | None:
    """A paper's "NEW DELHI: " opening the story's first line; not a label ("BREAKING:", "EDITORIAL:") nor
    a speaker ("GOV. ESQUIVEL:", whose title has its dot)."""
    from store.extract.article import COPY_LABEL

    m = COLON_DATELINE.match(line, len(line) - len(line.lstrip()))
    return m if m and not COPY_LABEL.search(m["place"]) and not _COLON_NOT_A_PLACE.search(m["place"]) else None


_COLON_NOT_A_PLACE = re.compile(r"\b(?:CORRECTION|CLARIFICATION|NOTE|EDITOR'?S|UPDATE|WATCH|READ|ALSO|MORE|"
                                r"SOURCE|SOURCES|PHOTO|VIDEO|TRANSCRIPT|Q|A|CHAIRMAN|CHAIR|PRESIDENT|MINISTER|"
                                r"SPEAKER|MODERATOR|MEDIATOR|GOVERNOR|SECRETARY|ATTORNEY|GENERAL|SENATOR|MAYOR)\b")


# A live page's time stamp opening an entry ("16:15 GMT - According to a draft ...", "09:30 — ..."), and
# a flash's label ("BREAKING: The three ministers have initialed ...")
_LABEL = r"(?:BREAKING|UPDATE|FLASH|URGENT)\s*[:–—-]\s+"
# "Update, 12:05: We're told ...", "Updated 14:05 GMT - ..."
_UPDATE_AT = r"(?:Update|Updated|UPDATE)[,:]?\s+\d{1,2}[:.]\d{2}\s*(?:GMT|UTC|BST|CET|CEST|local\s+time)?\s*[:–—-]\s+"
TIMESTAMP = re.compile(rf"(?:{_UPDATE_AT}|\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?\s*)?"
                       rf"(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|PST|PDT|local\s+time)?\s*[-–—|:]\s+(?:{_LABEL})?|\d{{1,2}}:\d{{2}}\s+(?:{_LABEL})?|{_LABEL})"
                       r"(?=[A-Z“\"])")  # "21:40 BREAKING: Talks have broken up": no mark after the time either
# A live page speaking of itself: "We are closing this live page now.", "Thank you for following our coverage"
_LIVE_PAGE = re.compile(r"^(?:thanks?\s+(?:you\s+)?for\s+(?:following|reading|joining)|(?:this|the)\s+(?:live\s+)?"
                        r"(?:page|blog)\s+(?:is\s+no\s+longer|(?:has\s+(?:now\s+)?|is\s+(?:now\s+)?)(?:closed|ended))|"
                        r"(?:all\s+)?times\s+(?:are|shown\s+are|in)\s+(?:GMT|UTC|local|[A-Z]{2,4}\b)|"
                        r"that(?:'s|’s|\s+is)\s+(?:all|it)\s+(?:from|for)\b|refresh\s+(?:this|the)\s+page\b|"
                        # "Brunsk is three hours ahead." after "All times GMT."; "The interview has been edited
                        # for length."; a Q&A's heading
                        r"^[\w’'-]+(?:\s+[\w’'-]+)?\s+is\s+(?:\w+|\d+)\s+hours?\s+(?:ahead|behind)\b|"
                        r"^(?:this|the)\s+(?:interview|conversation|transcript|exchange|q\s*&\s*a)\s+(?:has\s+been|was)\s+"
                        r"(?:edited|condensed|lightly\s+edited)\b|^q\s*&\s*a\s*[:–—-]|"
                        r"(?:our\s+)?full\s+(?:report|story)\b.{0,40}\b(?:will\s+be|is)\s+on\s+(?:our|the)\s+"
                        r"(?:website|site)\b)|\b(?:closing|pausing|ending|wrapping\s+up)\s+"
                        r"(?:this|our)\s+(?:live\s+)?(?:page|blog|coverage)\b|"
                        # an outlet's framing of its own copy: "Welcome to our live coverage of ...",
                        # "Our daily round-up of news ...", "This is a developing story."
                        r"^welcome\s+to\s+(?:our|the)\s+(?:live\s+)?(?:coverage|blog|page|round-?up|briefing)\b|"
                        r"^(?:our|today['’]s|this)\s+(?:daily\s+|weekly\s+|morning\s+|evening\s+)?"
                        r"(?:round-?up|briefing|news\s+digest)\s+of\s+(?:the\s+)?(?:(?:day|week)['’]s\s+)?"
                        r"(?:news|stories|headlines|events)\b|"
                        r"^this\s+is\s+a\s+(?:developing|breaking)\s+(?:news\s+)?story\b|"
                        r"^(?:follow|check)\s+(?:our\s+live\s+(?:blog|page|coverage)|back\s+(?:later|soon|for))\b",
                        re.IGNORECASE)
# A scraped page's teaser headline glued to the paragraph after it, the line break lost: "Trump
# ready to join Putin, Zelenskyy Turkish President Recep Tayyip Erdogan called the talks ...". News
# prose never runs a name straight into a nationality and a title ("Zelenskyy Turkish President"),
# while a lead sentence often opens with them; so at a paragraph's start, words up to a name so
# followed are a headline (no closing punctuation: debris) and the sentence starts at the title.
_HEAD_TITLES = (r"(?:President|Minister|Chancellor|Premier|Ambassador|Envoy|Secretary|Spokes(?:man|woman|person)|"
                r"Negotiator|Leader|King|Queen|General|Commander)")
_GLUED_HEADING = re.compile(r"(?P<head>[A-Z][^.!?;:\"“”()\n]{8,120}?[ ,](?P<name>[A-Z][\w’'-]+)) "
                            rf"(?=[A-Z][a-z]+(?:ian|ish|ese|ean|can|ch|an) (?:[A-Z][a-z]+ )?{_HEAD_TITLES}\b)")
# The other telltale: the headline names a person and the lead names them again, with a title,
# as the one speaking: "Umerov spoke about the talks with Russia Defense Minister Rustem Umerov
# said that ...". Prose does not name the same person twice in one clause like that.
_NAMED_TWICE = re.compile(r"(?P<head>(?P<first>[A-Z][\w’'-]+)[^.!?;:\"“”()\n]{8,120}?) "
                          rf"(?=(?:[A-Z][a-z]+ )?{_HEAD_TITLES} (?:[A-Z][\w’'-]+ ){{1,2}}(?P=first),? "
                          r"(?:said|says|stated|told|announced|noted)\b)")


def _glued_heading(line: str, at: int) -> int:
    """Where the sentence starting at ``at`` really starts, past a glued headline (``_GLUED_HEADING``,
    ``_NAMED_TWICE``)."""
    m = _GLUED_HEADING.match(line, at)
    if m is None:
        twice = _NAMED_TWICE.match(line, at)
        return twice.end() if twice and twice.group("first").lower() not in STOP_STARTS else at
    head = m.group("head").split()
    name = m.group("name").lower()
    if len(head) < 3 or head[0].lower() in STOP_STARTS or name in STOP_STARTS or name in TITLES:
        return at  # "On Monday British Prime Minister ...", "the former Turkish President ..."
    return m.end()


@dataclass
class Sentence:
    text: str
    start: int  # offsets into the text handed to split_sentences
    end: int
    paragraph: int
    position: int  # index among kept sentences of the article
    said_by: str | None = None  # a transcript's speaker label ("SPECIAL ENVOY OKAFOR"), as written


# A transcript (a press conference, an interview): reporters' lines open with "Q:", the answers with
# "A:" or the speaker's name in capitals ("SPECIAL ENVOY OKAFOR: Good evening."). Two "Q:" lines or more
# make a file one; elsewhere "KYIV: Russia said ..." is a dateline, and is left alone.
ANSWER = "A:"  # the label of an interview's answers, as ``Sentence.said_by``: no label in capitals reads so
_QUESTION_LINE = re.compile(r"^\s*(?:Q|QUESTION|REPORTER|JOURNALIST)\s*[:.]\s+", re.MULTILINE)
_SPEAKER_LABEL = re.compile(r"\s*(?:(?P<answer>A|ANSWER)|(?P<who>[A-Z][A-Z.'’ -]{1,60}?))\s*:\s+(?=\S)")


# Where syntok could end a sentence inside a paragraph: terminal punctuation, ";", ":",
# closing brackets, a closing quote mark.
_MAYBE_BOUNDARY = re.compile(r"[.!?…;:)\]]|['\"”’]\s")
_TRAILING_END = ".!?…'\"”’ \t"
# A paragraph syntok keeps whole: its segmenter ends a sentence only at a terminal token (".", "!",
# "?", ";", "...", their full-width forms) or an opening bracket, so a paragraph with none of those
# but one terminal near its end (after which only a closing quote follows, with no space: syntok
# keeps that in the sentence) is one sentence, whatever ":", ")" or quote marks it holds. A point
# between two digits ("2.5") is inside a word for syntok's tokenizer, no terminal. Also excluded:
# what syntok and str.strip() disagree on as whitespace (\x1c-\x1f, zero-width space), so the
# span from strip() is syntok's own.
_SYNTOK_BREAKS = re.escape("".join(sorted({c for t in _SyntokState.terminals for c in t}
                                          | _SyntokState.opening_brackets)))
_ONE_SENTENCE = re.compile(rf"(?:[^{_SYNTOK_BREAKS}\x1c-\x1f\u200b]|(?<=\d)\.(?=\d))*"
                           rf"(?:[.!?][\"'”’]?)?[^\S\x1c-\x1f]*")
_LOWER_WORD = re.compile(r"(?<![\w'’.-])[a-zà-ÿ]")  # a word that starts in lower case: every sentence has one
# A correction appended to the copy speaks of the article, not the story: "An earlier version of this
# article misstated ...", "CORRECTION: In an earlier version of this story, ...", "This story has been
# corrected to ..." (the corrected figure, told after it, is a fact)
# "Correction, April 27: ...", "**Correction, May 7, 10:40:** An earlier version ..."
_CORRECTION = re.compile(r"(?i:(?:\**correction(?:,\s*[^\n]{1,30}?)?\s*[:—–-]\**\s+\**)?"
                         r"(?:(?:in\s+)?(?:an?|the)\s+(?:earlier|previous|prior)\s+version\s+of\s+"
                         r"this\s+(?:article|story|report|item)|this\s+(?:article|story|report|item)\s+(?:has\s+been|"
                         r"was)\s+(?:corrected|updated|amended)))\b")
# A Markdown label in bold opening a paragraph: "**Background:** Haldmark says ..." (the label is no part
# of the fact; a bold word without a colon is: "**Russia** rejected ...")
# A numbered paragraph's number: a statement's "7. The Government's offer at the second round ..."
_NUMBERED = re.compile(r"\(?\d{1,3}[.)]\s+(?=[A-Z“\"])")
_LIST_ITEM = re.compile(r"\s*[-*+•]\s")
_DIGIT = re.compile(r"\d")
_BOLD_LABEL = re.compile(r"(?:\*\*|__)[^*_\n]{1,40}?(?::(?:\*\*|__)|(?:\*\*|__):)\s+(?=\S)")
# Lines that stand alone whatever surrounds them: list items, Markdown headings, quotes, tables.
_STRUCTURAL = re.compile(r"^\s*(?:[-*+•]\s|\d{1,3}[.)]\s|#|>|\|)")
_CLOSED = ".!?…\"”’')]:"  # a line ending in one of these ends its sentence (or introduces a list)
WRAP_WIDTH = 100  # a file whose lines are all at most this long may be hard-wrapped
WRAP_FILL = 0.6  # in such a file, a line at least this share of the longest one runs on


def _segments(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph.

    Most news paragraphs are one sentence with nothing inside that could end it; those are
    that one span without asking syntok (a fifth of the ingest time went to segmenting them).
    So are those that hold only marks syntok never ends a sentence at (see ``_ONE_SENTENCE``:
    "told AFP: “We are ready.”"), two thirds of the rest.
    """
    body = paragraph.strip()
    unclosed = body.count("(") > body.count(")") or body.count("[") > body.count("]")  # syntok may end one there
    if body and not unclosed and (not _MAYBE_BOUNDARY.search(body.rstrip(_TRAILING_END))
                                  or _ONE_SENTENCE.fullmatch(paragraph)):
        start = len(paragraph) - len(paragraph.lstrip())
        return _cut_too_long(paragraph, (start, start + len(body)))
    spans: list[tuple[int, int]] = []
    for para in segmenter.analyze(paragraph):
        for sent in para:
            tokens = [t for t in sent if t.value]
            if not tokens:
                continue
            span = (tokens[0].offset, tokens[-1].offset + len(tokens[-1].value))
            if spans and paragraph[spans[-1][0]:spans[-1][1]].endswith(";") \
                    and span[1] - spans[-1][0] <= MAX_SENTENCE_CHARS:
                span = (spans.pop()[0], span[1])  # syntok ends a sentence at ";": the clause before it was lost
            if spans and (_TITLE_ABBREVIATION.search(paragraph, 0, spans[-1][1])
                          or _continues(paragraph, spans[-1][1], span[0])) \
                    and span[1] - spans[-1][0] <= MAX_SENTENCE_CHARS:
                span = (spans.pop()[0], span[1])  # "where Gov. Maria Esquivel signed": no end at a title
            spans.append(span)
    return [piece for span in spans for piece in _cut_too_long(paragraph, span)]


# Titles abbreviated before a name, as American copy writes them, that syntok ends a sentence at ("said
# Rep. Anthony Ruiz", "Arizona Gov. Maria Esquivel"): no sentence ends with one
_TITLE_ABBREVIATION = re.compile(r"(?<![\w.])(?:Gov|Govs|Rep|Reps|Sen|Sens|Lt|Sgt|Cpl|Maj|Cmdr|Adm|Rev|Supt|Insp|"
                                 r"Det|Amb|Atty|Hon|Pres|Gen|Col|Capt|Smt|Shri|Ch|Sh|Kum)\.$")  # India's "Smt.", "Ch."


# What no sentence starts with: a comma, a closing bracket, a small letter ("said Rep. Anthony Ruiz Jr.
# (D-Ariz.), whose district ...": syntok ended sentences at "Jr." and after the bracket, and the fact
# read ", whose district includes the reservation")
_NO_START = re.compile(r"[,;:)\]]|[^\W\d_]")  # a letter: when it is no capital
_NAME_SUFFIX = re.compile(r"(?<![\w.])(?:Jr|Sr)\.$")


def _continues(paragraph: str, end: int, start: int) -> bool:
    """Whether the span from ``start`` runs on from the one that ended at ``end``: it starts as no
    sentence does, or it is a bracket after a name's suffix ("Ruiz Jr. (D-Ariz.)")."""
    if _NO_START.match(paragraph, start) and not paragraph[start].isupper():
        return True
    return paragraph.startswith("(", start) and bool(_NAME_SUFFIX.search(paragraph, 0, end))


def _cut_too_long(paragraph: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A span longer than any sentence, cut after each "…" (syntok ends no sentence there): a
    paragraph of such sentences was one run, too long to be a fact, and lost whole."""
    if span[1] - span[0] <= MAX_SENTENCE_CHARS:
        return [span]
    pieces, start = [], span[0]
    for m in _PIECE_END.finditer(paragraph, span[0], span[1]):
        pieces.append((start, m.start() + 1))
        start = m.end()
    return [*pieces, (start, span[1])]


_PIECE_END = re.compile(r"…\s+")


# A quotation cut into sentences is one statement: '"The meeting must be properly prepared.
# Only then will it make sense," Medinsky said.' is one fact, not a bare first half and a second
# half that reads "Only then will it make sense," alone. Joined when the quote closes within
# QUOTE_SENTENCES sentences of the same paragraph and QUOTE_WORDS words; a quote left open (one
# running on into the next paragraph) or longer stays cut where it was.
# Longer than any sentence of news copy (the longest of the samples has under 400 characters): text
# run together without stops, whose speaker and name steps took minutes (3,000 words: 64 s)
MAX_SENTENCE_CHARS = 2000
QUOTE_SENTENCES = 4
QUOTE_WORDS = 70


# A straight quote mark opens a quotation at the start or after a space, bracket or dash ('said:
# "We'), and closes one anywhere else ('ready," he said'); a curly one says which it does.
_OPENING_STRAIGHT = re.compile(r'(?:^|(?<=[\s(\[—–-]))"')


def _quote_depth(text: str) -> int:
    """Quotations ``text`` opens less those it closes (negative: it closes one opened before it)."""
    straight = text.count('"')
    opening = len(_OPENING_STRAIGHT.findall(text)) if straight else 0
    return text.count("“") - text.count("”") + opening - (straight - opening)


def quotation_end(texts: list[str], i: int) -> int:
    """Where a quotation opened in ``texts[i]`` and left open closes: the index of the sentence
    closing it, ``i`` when ``texts[i]`` leaves none open or none of ``texts`` closes it."""
    depth = _quote_depth(texts[i])
    for j in range(i + 1, len(texts) if depth > 0 else i + 1):
        depth += _quote_depth(texts[j])
        if depth <= 0:
            return j
    return i


def _join_quotes(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with each quotation cut over several of them joined into one (see QUOTE_SENTENCES)."""
    if len(spans) < 2 or ('"' not in line and "“" not in line):
        return spans
    texts = [line[a:b] for a, b in spans]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        j = quotation_end(texts[:i + QUOTE_SENTENCES], i)
        if len(line[spans[i][0]:spans[j][1]].split()) > QUOTE_WORDS:
            j = i
        out.append((spans[i][0], spans[j][1]))
        i = j + 1
    return out


def debris_reason(text: str) -> str | None:
    """Why a sentence is not a fact, or None when it is one."""
    stripped = text.strip()
    if _SUBHEAD.match(stripped):
        return "subheading"
    if len(list(islice(_WORD.finditer(stripped), 5))) < 5:  # fewer than five words (no need to find them all)
        return "fragment"
    if len(stripped) > MAX_SENTENCE_CHARS:
        return "too long for one sentence"
    quoted = stripped.startswith(("“", '"'))  # speech: '"Can we trust them?" asked', '"We are here to finish"'
    if stripped.endswith("?") and not quoted:
        return "question"
    low = stripped.lower()
    if (any(w in low for w in _LINK_STUB_WORDS) and not quoted and _LINK_STUB.search(stripped)) \
            or ("http" in low and re.fullmatch(r"\(?https?://\S+\)?\.?|\[[^\]]*\]\([^)]*\)\.?", stripped)) \
            or PROMO.match(stripped):
        return "link stub"
    if stripped[-1] not in ".!?\"”’'…)" and not stripped.endswith(("”.", "\".")):
        return "no closing punctuation (heading)"
    if _CREDITS.match(stripped) or ("contributed" in low and _CONTRIBUTED.search(stripped)):
        return "credits"
    if low.startswith(("here", "below")) and _SIGNPOST.match(stripped):
        return "signpost"
    if not _LOWER_WORD.search(stripped):  # "Blair House, Washington, D.C.": no verb, no word of a sentence
        return "names only (a place line or a heading)"
    if stripped[0] == "(" and _EDITORS_NOTE.match(stripped):
        return "editors' note"
    if _is_stamp(stripped):
        return "publication stamp"
    if ("version" in low or "corrected" in low or "updated" in low) and _CORRECTION.match(stripped):
        return "correction note"
    if any(w in low for w in ("page", "blog", "coverage", "times", "all from", "all for", "it from", "following",
                              "site", "welcome", "round-up", "roundup", "briefing", "digest", "developing", "breaking",
                              "check back", "ahead", "behind", "edited", "condensed", "q&a", "q & a")) \
            and _LIVE_PAGE.search(stripped):
        return "live page housekeeping"
    return None


def _logical_lines(body: str, skip_first_line: bool) -> list[tuple[int, str]]:
    """(offset in ``body``, text) of each paragraph line, hard-wrapped lines joined into one.

    A joined line keeps its length (each line break becomes a space), so offsets into it
    are offsets into ``body``. Joining needs a line that does not close its sentence and a
    next line that is not a heading, list item or link; then either the next line starts
    in lowercase, the line ends with a comma, or the file is filled to a width (no line
    longer than WRAP_WIDTH, and at least two lines running on near it) and this line is
    near that width. A short line without punctuation stays a heading.
    """
    lines = body.split("\n")
    starts = [0] * len(lines)
    for i in range(1, len(lines)):
        starts[i] = starts[i - 1] + len(lines[i - 1]) + 1
    kept = [not (not line.strip() or (skip_first_line and i == 0) or _LINK_LINE.match(line))
            for i, line in enumerate(lines)]
    width = max((len(line.rstrip()) for line in lines), default=0)

    def open_end(i: int) -> bool:  # line i does not end its sentence and line i + 1 could go on with it
        line = lines[i].rstrip()
        return (i + 1 < len(lines) and kept[i] and kept[i + 1] and line[-1] not in _CLOSED
                and not _STRUCTURAL.match(lines[i + 1]) and not lines[i].lstrip().startswith("#"))

    filled = width <= WRAP_WIDTH and sum(
        1 for i in range(len(lines)) if open_end(i) and len(lines[i].rstrip()) >= WRAP_FILL * width) >= 2
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        if not kept[i]:
            i += 1
            continue
        j = i
        while open_end(j) and (lines[j + 1].lstrip()[:1].islower() or lines[j].rstrip().endswith(",")
                               or (filled and len(lines[j].rstrip()) >= WRAP_FILL * width)):
            j += 1
        out.append((starts[i], " ".join(lines[i:j + 1])))
        i = j + 1
    return out


def split_sentences(body: str, skip_first_line: bool = False) -> list[Sentence]:
    """Kept sentences of ``body``; ``skip_first_line`` drops a headline already used as the title.

    A sentence's text is ``body[start:end]``; one wrapped over lines has its line breaks
    (and the spaces around them) read as one space.
    """
    out: list[Sentence] = []
    paragraph = 0
    transcript = len(_QUESTION_LINE.findall(body)) >= 2
    speaking: str | None = None  # in a transcript, the last speaker named by a label
    first_paragraph = True  # "NEW DELHI: " opens it (colon_dateline), under its headline and byline lines
    for line_start, line in _logical_lines(body, skip_first_line):
        opening_colon = colon_dateline(line) if first_paragraph and not transcript else None
        first_paragraph = first_paragraph and not story_paragraph(line)
        label = _SPEAKER_LABEL.match(line) if transcript else None
        if transcript and _QUESTION_LINE.match(line):
            paragraph += 1
            continue  # a reporter's question (or a claim put in one) is no fact of the story
        if label and label["who"]:
            speaking = label["who"]
        elif label and label["answer"]:
            speaking = ANSWER  # an interview's "A: ...": the person it introduced (store/extract/pipeline.py)
        elif speaking == ANSWER:
            speaking = None  # an answer is its line: a feature's narrative resumes after its Q&A
        correcting = False  # a paragraph opened by a correction note is the note's: "... It also misspelled ..."
        spans = _join_quotes(line, _segments(line))
        if len(spans) > 1 and (cut := dateline_match(line, spans[0][0])) and cut.end() >= spans[0][1]:
            spans[:2] = [(spans[0][0], spans[1][1])]  # "CEDAR RIDGE, Ariz. (AP) —": syntok ended one at "Ariz."
        for a, b in spans:
            opens = a == len(line) - len(line.lstrip())
            if correcting:
                continue
            dateline = (dateline_match(line, a) or opening_colon or TIMESTAMP.match(line, a)
                        or _BOLD_LABEL.match(line, a) or _NUMBERED.match(line, a)
                        or (label if label and label.start() <= a < label.end() else None)) if opens else None
            if dateline and dateline.end() < b:
                a = dateline.end()  # the dateline is not part of the fact
            elif opens:
                a = _glued_heading(line, a)
            raw = line[a:b]
            lead = len(raw) - len(raw.lstrip(_LEAD_TRIM))
            # keep an opening quote mark: it tells who is speaking
            if lead and raw[lead - 1] in "\"“":
                lead -= 1
            text = raw[lead:].rstrip()
            start, end = line_start + a + lead, line_start + a + lead + len(text)
            if "\n" in body[start:end]:
                text = " ".join(text.split())  # a wrapped sentence reads as one line
            reason = debris_reason(text) if text else "empty"
            if reason == "no closing punctuation (heading)" and opens and _LIST_ITEM.match(line) \
                    and _DIGIT.search(text) and len(text.split()) >= 6:
                reason = None  # a list's item with a figure: "- A pay rise of 3.8% for 2030-31, up from 2.5%"
            if reason:
                correcting = opens and reason == "correction note"
                continue
            out.append(Sentence(text=text, start=start, end=end, paragraph=paragraph, position=len(out),
                                said_by=speaking if transcript else None))  # a paragraph goes on speaking
        paragraph += 1
    return out
