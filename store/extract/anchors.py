"""Step 7: which moment of the story a sentence is about (its time anchor).

Round attribution is per sentence, not per file: an article about round 2 may open
with round 1 ("The first round of direct talks on May 16 ..."). A sentence anchors
itself with a day ("on May 16", "Monday's negotiations"), an ordinal ("the second
round", "for the second time"), or a past year ("annexed in 2014": background, no
round; but not one in a relative clause, "the territories that Russia annexed in 2022").
A sentence with none of these belongs to the event its article reports.

A day tied to an event noun ("talks in Istanbul on July 23") is also *evidence* that
a round took place that day; round discovery (store/rounds.py) counts that evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from store.extract.dates import DateMention
from store.story import Story
from store.text import Caseless

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
            "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_ORD = r"(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
# "the second round", "round two", a headline's "Round III"; "the third sitting" of a commission,
# British copy's "the first session"
_ORDINAL_ROUND = re.compile(rf"\b{_ORD}\s+(?:round|sitting|session)\b|\bround\s+(one|two|three|four|five|six|seven|"
                            r"eight|nine|ten|\d{1,2})\b|\bround\s+(?-i:(I{1,3}|IV|VI{0,3}|IX|X))\b(?![’'-])",
                            re.IGNORECASE)
# What a figure is compared with: "3.8%, up from 2.5% at the first round"
_UP_FROM = Caseless(r"\b(?:up|down|rising|falling|compared|against)\s+(?:from|with|on)\b[^,;:]{0,40}$")
# Where something the sentence names was made: "the commission set up at the first session"
_MADE_AT = Caseless(r"\b(?:set\s+up|created|established|formed|appointed|launched)\s+(?:at|in|during|by)\s+the\s+$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
# A correction note that renumbers the round: "An earlier version of this article described Saturday's talks
# in Aurenza as the third round. They were the second round."
_RENUMBERED = re.compile(rf"\b(?:correction\b|(?:an?|the)\s+(?:earlier|previous|prior)\s+version\s+of\s+this)"
                         rf"[^\n]{{0,240}}?\b(?:as|was|were|is|are)\s+the\s+{_ORD}\s+(?:round|sitting|session)\b"
                         rf"[^.\n]{{0,80}}\.\s*(?:it|they|this|these|those|that|the\s+\w+)\s+(?:was|were|is|are)\s+"
                         rf"(?:in\s+fact\s+|actually\s+)?the\s+{_ORD}\b", re.IGNORECASE)
_ORDINAL_TIME = re.compile(rf"\bfor\s+the\s+{_ORD}\s+time\b", re.IGNORECASE)
# Words that put the sentence's event ahead of publication or make it hypothetical.
NOT_HAPPENED = Caseless(r"\b(will|would|could|might|should|next|plans?|planned|scheduled|expected|"
                        r"proposed?|suggested|hopes?|possible|possibility|future|postponed|postpone|cancell?ed|"
                        r"called\s+off|put\s+off|pushed\s+back|put\s+back|originally|"
                        r"(?:is|are|was|were)\s+due|(?:is|are)\s+set\s+to|(?:is|are)\s+to\s+be)\b")  # "is due to"
# "talks due on Thursday have been postponed"; "The sitting was originally due on 9 May but was put back"
_NOT_AN_ANCHOR_BEFORE = Caseless(r"\b(since|until|till|by|before|after|from)\s+(the\s+)?$")
_EVENT_VERBS = Caseless(r"\b(began|begun|begin|begins|opened|opens|held|holding|hold|taking place|took place|"
                        r"take place|ended|ends|concluded|met|meet|meeting|sat|resumed|resume|started|"
                        r"underway|under way|kicked off|wrapped up|convened|gathered|lasted|chaired|broke up)\b")
# An event said not to have happened: "the delegations did not meet on Sunday", "talks were not held Sunday"
_NOT_HELD = Caseless(r"\b(?:not|never|neither|nor)\b|n't\b")
# The story's moments in the plural: a sentence over several of them ("two earlier rounds of talks: on ...")
_SEVERAL = Caseless(r"\b(?:rounds|sessions|sittings|meetings)\b")
# ... or by their numbers: "at the first round, in Qasr City on April 12, ...; at the second, in Aurenza on April 26"
_ORDINAL_WORD = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.IGNORECASE)
# A day some time off the event: "released on Wednesday, a day before the talks" is not the talks' day
_OFF_THE_DAY = Caseless(r"\b(?:(?:hours?|days?|nights?|weeks?|fortnight|months?)\s+(?:before|after|ahead\s+of)|"
                        r"on\s+the\s+eve\s+of|ahead\s+of|prior\s+to|in\s+the\s+run-up\s+to)\b")
_BEFORE_THE = Caseless(r"\bbefore\s+the\s+$")
# Coming or going is not meeting: "the delegations arrived in Marakand on Monday" is the talks' eve
_TRAVEL = Caseless(r"\b(?:arriv(?:ed|es|e|ing)|land(?:ed|s)|fl(?:ew|ies|y)\s+(?:in|into|to)|travell?(?:ed|ing)|"
                   r"depart(?:ed|s)|left\s+for|returned\s+(?:to|home))\b")
# Judging the talks is not holding them: "On Wednesday, Karvo's mayor praised the talks" made a round
_JUDGED = Caseless(r"\b(?:praised|welcomed|hailed|critici[sz]ed|condemned|denounced|dismissed|applauded|"
                   r"commented\s+on|reacted\s+to)\b")
# The round before the article's: "At the previous round in April, donors had offered ..."
_PREVIOUS_ROUND = Caseless(r"\b(?:at|in|during)\s+the\s+(?:previous|last|prior|preceding)\s+"
                           r"(?:round|meeting|session)\b")
# A wire lead ties its day to the talks it reports from further off: "agreed on Tuesday to a truce in the
# north, at the end of their first face-to-face talks"; "signed on Thursday ... after 13 hours of talks"
_AT_THE_END_OF = Caseless(r"\b(?:at\s+the\s+(?:end|close|conclusion)\s+of|after|during|following|"
                          r"on\s+the\s+sidelines\s+of)\s+(?:[\w’'-]+\s+){0,5}$")
# "after years of stalled talks" is history, not the talks of the day
_LONG_AGO = Caseless(r"\b(?:weeks|months|years|decades|previous|earlier|past|last|stalled|failed)\b")
_ANOTHER_CLAUSE = Caseless(r"\b(?:before|since|that|which|who|whom|whose|where|when)\b")
_SAID = Caseless(r"\b(?:said|says|told|tells|announced|stated|reported|added|warned|claimed)\s+"
                 r"(?:on\s+|late\s+|early\s+)?$")
_SINCE = Caseless(r"\bsince\b")
# A past year held up for comparison: "never seen the anchorage this full, not even in 2011"; "more than in 2019"
_COMPARED = Caseless(r"\b(?:even|than|as|like|unlike)\s+$")
_SINCE_IN_CLAUSE = Caseless(r"\bsince\b(?:[^,;:.()]|(?<=\d)[,.](?=\d))*$")  # "since some 3,800 dockers walked out on"
_DATED = Caseless(r"\bdated\s+(?:on\s+)?$")
# A document's own day, told of it in passing: "referring to the Tornvik Protocol, signed on Aug. 12, 1958"
_MADE_ON = Caseless(r",\s*(?:signed|agreed|adopted|concluded|ratified|drawn\s+up|struck|reached|initial(?:l)?ed)\s+"
                    r"(?:on|in)\s+$")
# A past year inside a relative clause describes a noun of the sentence, not its time: "remove its
# troops from the territories that Russia annexed in September 2022" is a demand of today. A "that"
# opens one when its verb lacks the object it leaves behind ("that Russia annexed in"; "said that
# Russia annexed Crimea in 2014" is a statement about 2014), and not after a verb of saying.
_SAYING = r"(?<!said\s)(?<!says\s)(?<!told\s)(?<!found\s)(?<!recommended\s)(?<!announced\s)(?<!added\s)(?<!noted\s)"
# A reduced one too, with its agent or as a perfect: "Crimea, the peninsula, annexed by Russia in 2014",
# "the regions Moscow claims to have annexed in September 2022" ("a previous accord, signed in Libreville in
# 2019, fell apart" stays history).
_RELATIVE_CLAUSE = Caseless(rf"(?:\w\s+{_SAYING}that\s+(?:[\w’'-]+\s+){{1,3}}[a-z]+ed|\b(?:which|whom|whose|who)"
                            r"|,\s+[a-z]+ed(?=\s+by\b)|\bto\s+have\s+[a-z]+ed)\s+[^,;:()\"“”]{0,60}$")
# What a side holds now, in the present tense, before a past year that dates something it names: "The URJ
# wants the release of 1,200 people ..., including officers arrested after a failed mutiny in 2023"
_STANDS_NOW = Caseless(r"^[^,;:]{0,40}\b(?:wants|demands|insists|seeks|rejects|refuses|is\s+(?:asking|demanding|"
                       r"seeking|calling)|are\s+(?:asking|demanding|seeking|calling))\b")
_CLAUSE_START = re.compile(r"[,;:]")
_TIMELINE_DASH = re.compile(r"\s*[–—:-]\s+")
_CLAUSE_BREAK = re.compile(r"[;:]|\s[–—-]\s")  # between a day and its event: another clause
_TOKENS = re.compile(r"\S+")
_PLAN_AFTER = 3  # words after "the third round" where a modal makes it a plan ("could take place")
REPORTING_WINDOW = dt.timedelta(days=7)  # "this week": an article reports a round up to a week old


@dataclass(frozen=True)
class Anchor:
    kind: str  # event_date | date | ordinal | background
    event_date: dt.date | None
    ordinal: int | None
    reason: str
    strong: bool = False  # a day tied to an event noun: evidence that a round happened then


def _ordinal_value(word: str) -> int | None:
    word = word.lower()
    if word in ORDINALS or word in _ROMAN:
        return ORDINALS.get(word) or _ROMAN[word]
    digits = re.match(r"\d+", word)
    return int(digits.group(0)) if digits else None


def renumbered(body: str) -> tuple[int, int] | None:
    """The round number a correction note takes back and the one it gives (wrong, right): the copy
    above it still says the wrong one, and its facts would number another round."""
    if "orrect" not in body and "version" not in body:
        return None
    m = _RENUMBERED.search(body)
    wrong, right = (_ordinal_value(m.group(1)), _ordinal_value(m.group(2))) if m else (None, None)
    return (wrong, right) if wrong and right and wrong != right else None


@cache
def _event_nouns(story: Story) -> Caseless:
    return Caseless(r"\b(?:" + "|".join(re.escape(n) for n in story.event_nouns) + r")\b")


@cache
def _side_meeting(story: Story) -> Caseless | None:
    """A word before an event noun that makes the meeting a side one: "technical talks", "expert talks"."""
    if not story.side_meeting_words:
        return None
    return Caseless(r"\b(?:" + "|".join(re.escape(w.lower()) for w in story.side_meeting_words) + r")\s$")


def side_meeting_only(text: str, story: Story) -> bool:
    """Whether a sentence names the story's meetings only as side ones ("ended three days of technical
    talks in Panama City on Friday"): an article that opens so reports no round."""
    return _side_meeting(story) is not None and bool(_event_nouns(story).spans(text)) \
        and not event_noun_spans(text, story)


# What a sentence says is no round: "The expert meetings are not a formal round of negotiations", "They
# are not counted as a round of talks", "the preparatory meeting was not a round of talks"
_NOT_A_ROUND = Caseless(r"\bnot\s+(?:(?:counted|considered|regarded|seen|treated|billed)\s+as\s+)?(?:a|an|part\s+of\s+"
                        r"the)\s+(?:formal\s+|full\s+|proper\s+|new\s+|official\s+)?(?:(?:round|session|sitting)\s+"
                        r"of\s+)?$")


@lru_cache(maxsize=256)  # asked of one sentence by the anchor, the salience and the lead steps
def event_noun_spans(text: str, story: Story) -> tuple[tuple[int, int], ...]:
    spans = _event_nouns(story).spans(text)
    if spans and (side := _side_meeting(story)) is not None:
        spans = [(a, b) for a, b in spans if not side.found(text[max(0, a - 20):a])]
    if " not " in text:
        spans = [(a, b) for a, b in spans if not _NOT_A_ROUND.found(text[max(0, a - 60):a])]
    return tuple(spans)


def _round_mention(text: str, low: str) -> re.Match[str] | None:
    """The first "second round", "round two", "third sitting", "Round III" in ``text`` (``low``: it lowered)."""
    # most sentences hold none of the words: the pattern is not run over them
    return _ORDINAL_ROUND.search(text) if "round" in low or "sitting" in low or "session" in low else None


def _mention_value(m: re.Match[str]) -> int | None:
    return _ordinal_value(m.group(1) or m.group(2) or m.group(3))


def find_ordinal(text: str, story: Story) -> int | None:
    low = text.lower()
    m = _round_mention(text, low)
    if m:
        if NOT_HAPPENED.found(" ".join(_TOKENS.findall(text, m.end())[:_PLAN_AFTER])):
            return None  # "the third round could take place in June": said of a plan, when it was said
        if _OFF_THE_DAY.found(" ".join(_TOKENS.findall(text[:m.start()])[-4:])) \
                or _BEFORE_THE.found(text[max(0, m.start() - 12):m.start()]):
            return None  # "the deal was struck a fortnight after the second round opened": of its own day;
            # "a memo written before the first round": of some day before it
        if in_since_clause(text, m.start()):
            return None  # "who has led the team since the first round in March, said ...": a start
        if _MADE_AT.found(text[max(0, m.start() - 40):m.start()]):
            return None  # "accepted the route of the commission set up at the first session": its origin
        if _UP_FROM.found(text[max(0, m.start() - 50):m.start()]):
            return None  # "a pay rise of 3.8%, up from 2.5% at the first round": the round compared with
        return _mention_value(m)
    m = _ORDINAL_TIME.search(text) if "time" in low else None
    if m and event_noun_spans(text, story) and not _JOINED.found(text[max(0, m.start() - 60):m.start()]):
        return _ordinal_value(m.group(1))
    return None


# Someone new at the table, not the table's count: "The Liberals ... joined the talks for the first time"
_JOINED = Caseless(r"\b(?:joined|join|joins|joining|attended|attends|took\s+part\s+in|taking\s+part\s+in)\b")


def round_named(text: str) -> int | None:
    """The number of the round a sentence names, plan or not ("the second round would focus on a
    ceasefire line"): what comes next after the first."""
    m = _round_mention(text, text.lower())
    return _mention_value(m) if m else None


def in_since_clause(text: str, start: int) -> bool:
    """Whether the time at ``start`` is inside a "since ..." clause: a start, not a moment of its own."""
    return _SINCE_IN_CLAUSE.found(text[max(0, start - 80):start])


def reports_its_round(text: str, dates: list[DateMention], published: dt.date | None) -> bool:
    """Whether an opening sentence's ordinal ("negotiators said after the fifth round of talks") numbers
    the round its own article reports. The outlets' count is the story's numbering, which a corpus that
    starts late cannot rebuild. Not when it is a plan, nor beside a time more than a week before
    publication ("it follows the first round in May"); the start of the series may stand beside it ("the
    fifth round since talks opened in Oslo in March 2024")."""
    m = _ORDINAL_ROUND.search(text) or _ORDINAL_TIME.search(text)
    if published is None or m is None or NOT_HAPPENED.found(_CLAUSE_START.split(text[:m.start()])[-1]):
        return False  # "he expected the eighth round"; "the border may be settled, after the fifth round" stays
    for d in dates:
        if d.prep == "since" or in_since_clause(text, d.start):
            continue
        when = d.date or (dt.date(d.year, d.month or 1, 1) if d.year else None)
        if d.kind == "ago" or when is None or when < published - REPORTING_WINDOW:
            return False
    return True


def _link(text: str, a: tuple[int, int], b: tuple[int, int], window: int) -> str | None:
    """How a date and an event noun are tied: "past", "planned", or None when not tied.

    Tied means a few words apart in one clause; "planned" when a future or modal word
    stands between them or just before them ("talks could resume on Monday").
    """
    lo, hi = (a[1], b[0]) if a[1] <= b[0] else (b[1], a[0])
    if lo == a[1] and not text[:a[0]].strip(" *•·-–—") and (dash := _TIMELINE_DASH.match(text, lo)):
        lo = dash.end()  # a timeline's entry: "Jan. 12, 2027 - First round, Brouwershuis: six hours, no deal"
    segment = text[lo:hi]
    if a[0] < b[0] and _SAID.found(text[max(0, a[0] - 40):a[0]]):
        return None  # "said on Wednesday that the talks would resume": the statement's day
    words_before = _TOKENS.findall(text[:min(a[0], b[0])])[-5:]
    if _CLAUSE_BREAK.search(segment) or len(_TOKENS.findall(segment)) > window or _OFF_THE_DAY.found(segment) \
            or _TRAVEL.found(segment) or _TRAVEL.found(" ".join(words_before)) or _JUDGED.found(segment):
        return None
    before = " ".join(words_before[-3:])
    if _NOT_HELD.found(segment) or (words_before and words_before[-1].lower() == "no"):
        return None  # "No talks were held on Sunday", "the talks did not resume on Monday": no event that day
    # and just after both, in their clause: "Feb. 4 - Second round postponed by a week"
    after = " ".join(_TOKENS.findall(_CLAUSE_START.split(text[max(a[1], b[1]):], 1)[0].split(".", 1)[0])[:3])
    return "planned" if NOT_HAPPENED.found(segment) or NOT_HAPPENED.found(before) or NOT_HAPPENED.found(after) \
        else "past"


def _lead_link(text: str, day: tuple[int, int], noun: tuple[int, int]) -> bool:
    """A lead's day and the talks it ends with, however far apart: the day is the talks' own
    when the talks close the sentence's action ("at the end of", "after", "during" them), in
    one clause, in the past, and the day is not a statement's ("said on Tuesday, after talks")."""
    if noun[0] < day[1]:
        return False
    segment = text[day[1]:noun[0]]
    before = text[:day[0]]
    return (_AT_THE_END_OF.found(segment) and not _CLAUSE_BREAK.search(segment)
            and not _ANOTHER_CLAUSE.found(segment) and not _OFF_THE_DAY.found(segment)
            and not NOT_HAPPENED.found(segment) and not NOT_HAPPENED.found(" ".join(_TOKENS.findall(before)[-3:]))
            and not _SAID.found(before))


# A plan's word describing a thing, not the event: "to share 5% of revenue from two planned casinos"
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|their|two|three|four|\d+)\s+(?:planned|proposed|expected)\s+"
                          r"(?!talks|negotiations|round|meeting|session|sitting)[a-z]+s?\b", re.IGNORECASE)


def is_lead_event(text: str, story: Story) -> bool:
    """The sentence reports the event happening (``talks have begun``; ``initialled a framework
    agreement after nearly 14 hours of talks``), not merely mentions it."""
    spans = event_noun_spans(text, story)
    if not spans or NOT_HAPPENED.found(_ATTRIBUTIVE.sub(" ", text)):
        return False
    return _EVENT_VERBS.found(text) or any(_AT_THE_END_OF.found(before) and not _LONG_AGO.found(before)
                                           for before in (text[max(0, a - 80):a] for a, _ in spans))


def _made_long_before(text: str, d: DateMention, published: dt.date | None) -> bool:
    """Whether ``d`` is the day a thing the sentence names was made, long before: "Kovalchuk told
    reporters, referring to the Tornvik Protocol, signed on Aug. 12, 1958" (the quote is of today).
    Not "the accord, signed on Thursday, ...": the week's own signing is the story."""
    when = d.date or (dt.date(d.year, d.month or 1, 1) if d.year else None)
    return published is not None and when is not None and when < published - REPORTING_WINDOW \
        and _MADE_ON.found(text[max(0, d.start - 30):d.start])


def anchor_sentence(text: str, dates: list[DateMention], published: dt.date | None, story: Story,
                    window: int = 8, lead: bool = False) -> Anchor | None:
    """The sentence's own time anchor, or None when it belongs to its article's event.
    ``lead``: the sentence opens its article (:func:`_lead_link`)."""
    nouns = event_noun_spans(text, story)
    ordinal = find_ordinal(text, story)
    best: Anchor | None = None
    for d in dates:
        if d.date is None or d.kind not in ("iso", "day", "range", "weekday", "relative", "ago") or d.forward:
            continue  # a range that has ended is of its first day: "at the second, on 27 and 28 February"
        if _NOT_AN_ANCHOR_BEFORE.found(text[:d.start]) or _DATED.found(text[max(0, d.start - 12):d.start]) \
                or in_since_clause(text, d.start):
            continue  # "since May 16", "the first talks since the dockers walked out on October 1": a start, not
            # the talks' day; "a document dated September 21" is the document's day, not the sentence's
        if published is not None and d.date > published:
            continue  # a date ahead of publication is a plan, not a moment of the story
        if _made_long_before(text, d, published):
            continue  # the quote is of today, the protocol it refers to of 1958
        links = {_link(text, (d.start, d.end), n, window) for n in nouns}
        strong = "past" in links or (lead and any(_lead_link(text, (d.start, d.end), n) for n in nouns))
        if published is not None and d.date == published and not strong:
            continue  # "said on Friday" on the day of publication adds nothing
        anchor = Anchor(kind="event_date" if strong else "date", event_date=d.date, ordinal=ordinal,
                        reason=f"{'event on' if strong else 'dated'} {d.text!r}", strong=strong)
        if best is not None and best.event_date is not None and abs((d.date - best.event_date).days) > \
                REPORTING_WINDOW.days and (strong and best.strong or _SEVERAL.found(text)
                                           or len({w.lower() for w in _ORDINAL_WORD.findall(text)}) > 1):
            # "The agreement follows two earlier rounds of talks: on 12 February ... and on 27 and 28
            # February ...": a look back over several rounds, of none of them
            return Anchor(kind="background", event_date=None, ordinal=None,
                          reason=f"about several earlier moments ({best.event_date:%-d %B}, {d.text!r})")
        if best is None or (strong and not best.strong):
            best = anchor
    if best:
        return best
    if ordinal:
        return Anchor(kind="ordinal", event_date=None, ordinal=ordinal, reason=f"ordinal {ordinal}")
    if _PREVIOUS_ROUND.found(text):  # "At the previous round in April, donors had offered $600 million"
        return Anchor(kind="background", event_date=None, ordinal=None, reason="about the round before")
    for d in dates:
        if d.kind == "ago" and d.date is None and not _SINCE.found(text[:d.start]) \
                and not NOT_HAPPENED.found(text[:d.start]):
            # "two months ago, in Nairobi, ...": before this moment ("the first talks since a deal
            # collapsed seven years ago" and "a shift that would have been unthinkable a year ago"
            # are of this one)
            return Anchor(kind="background", event_date=None, ordinal=None,
                          reason=f"about an earlier time ({d.text!r})")
        past_year = d.year is not None and published is not None and d.year < published.year
        # "since the Dostuk Accord of 1996" is of the present; "the Accord of 1996" names a thing
        since = d.prep in ("since", "until", "by", "of") or _NOT_AN_ANCHOR_BEFORE.found(text[:d.start]) \
            or _made_long_before(text, d, published) \
            or in_since_clause(text, d.start) \
            or _COMPARED.found(text[max(0, d.start - 10):d.start])
        if past_year and d.kind in ("year", "month", "day", "iso") and not since \
                and not _RELATIVE_CLAUSE.found(text[:d.start]) and not _STANDS_NOW.found(text[:d.start]):
            return Anchor(kind="background", event_date=None, ordinal=None,
                          reason=f"about an earlier time ({d.text!r})")
    return None
