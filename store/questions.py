"""What a reporter typed -> a :class:`Question`. Shared by ``factdesk ask`` and ``/talks``.

Tolerant on purpose: "round 2", "round two", "second round", "2nd round", "r2" and
"ceasefire round 2" all work, because people type in a hurry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from store.extract.dates import MONTHS, WEEKDAYS, find_dates
from store.text import clean_question

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "latest": -1, "final": -1}
_NUM = r"(\d{1,1000}|one|two|three|four|five|six|seven|eight|nine|ten)"
_ORD = r"(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|latest|final|\d{1,1000}(?:st|nd|rd|th))"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_ROUND_PATTERNS = [
    # "sitting 2", "session 3": what a story file may call a round (its answers are headed "Sitting 2")
    re.compile(rf"\b(?:round|rnd|r|session|sitting)\s*#?\s*{_NUM}\b(?!\.\d)"),  # not "round 2.5": no such round
    re.compile(r"\b(?:round|session|sitting)\s+(i{1,3}|iv|vi{0,3}|ix|x)\b"),  # "Round II": after the word only
    # British copy's "the second session", a commission's "third sitting": a round
    re.compile(rf"\b{_ORD}\s+(?:round|rnd|session|sitting)\b"),
]
# "rounds 1-3", "round 2 and 3", "round 1 vs round 2": more than one round in one question
# ("rounds 1, 2": a list; "round 3, 2 prisoners" is one round and a topic)
_SEVERAL = re.compile(rf"\b(?:rounds\s*#?\s*{_NUM}\s*(?:-|–|to|and|&|vs\.?|versus|or|,)|round\s*#?\s*{_NUM}\s*"
                      rf"(?:-|–|to|and|&|vs\.?|versus|or))\s*(?:rounds?\s*)?#?\s*{_NUM}\b")
# "when is the next round?": no round on record yet, but what the articles say of it
_AHEAD = re.compile(r"\b(?:next|upcoming|future)\s+(?:round|rnd|talks|negotiations|session|sitting|meeting)s?\b"
                    r"|^(?:so\s+)?what(?:['’]?s|\s+is|\s+comes)?\s+next\b|\bnext\s+steps?\b"  # "what's next?"
                    # "what happens next?", "when do they meet again?"
                    r"|^(?:so\s+)?what\s+(?:happens|will\s+happen|is\s+going\s+to\s+happen)\s+(?:next|now)\b"
                    r"|\b(?:will|do|does|are|is)\s+(?:they|the\s+\w+|both\s+sides|the\s+two\s+sides)\s+"
                    r"(?:meet|talk|sit\s+down)(?:ing)?\s+again\b")
# What the talks are about, and who is in them, in a reporter's words: the topics and people lists,
# of the whole coverage or of one round ("sticking points round 2", "who was involved in round 1")
_ABOUT_WHAT = ("main issues", "key issues", "issues", "sticking points", "main topics", "key topics", "subjects")
_WHO_IS_IN = ("who is involved", "who was involved", "who were involved", "who involved", "who's who", "whos who",
              "key people", "key players", "main players", "the players")
_KEYWORDS = {
    # a greeting or a thank-you gets the help, not a search for "hi"
    **dict.fromkeys(("hi", "hello", "hey", "hiya", "good morning", "good afternoon", "thanks", "thank you",
                     "thanks a lot", "thank you very much", "thx", "ty", "cheers", "ok thanks"), "help"),
    "help": "help", "?": "help", "timeline": "timeline", "rounds": "timeline", "history": "timeline",
    "latest": "latest", "new": "latest", "news": "latest", "what's new": "latest", "whats new": "latest",
    "sources": "sources", "articles": "sources", "people": "people", "who": "people", "topics": "topics",
    "reindex": "reindex", "status": "status",
    # the story so far: every round with its outcome; what came in last
    "summary": "timeline", "overview": "timeline", "what's the latest": "latest", "whats the latest": "latest",
    "latest news": "latest", "any news": "latest", "anything new": "latest",
    "venues": "timeline", "dates": "timeline", "schedule": "timeline",
    # what the bot has read
    **dict.fromkeys(("which articles", "what articles", "which articles do you have", "what articles do you have",
                     "which sources", "what sources", "list articles", "list sources", "what have you read",
                     "what did you read"), "sources"),
    **dict.fromkeys(_ABOUT_WHAT, "topics"), **dict.fromkeys(_WHO_IS_IN, "people"),
}
# "what are the main issues?", "what are they talking about", "what was discussed": the topics
_TALKED_ABOUT = re.compile(r"^what\s+(?:are|were|is|was)\s+(?:the\s+)?(?:(?:main|key|big)\s+)?(?:issues|topics|"
                           r"subjects|sticking\s+points)(?:\s+(?:in|at|of)\s+(?:the\s+)?(?:talks|negotiations))?"
                           r"|^what\s+(?:are|were)\s+(?:they|the\s+(?:talks|negotiations|sides|delegations))\s+"
                           r"(?:talking|negotiating|arguing)\s+(?:about|over)"
                           r"|^what\s+(?:is|was|were|are)\s+(?:being\s+)?discussed\s*\??$")
# Words around a round or a day that ask for nothing more than its answer ("where was round 2",
# "round 1 venue", "key figures round 2": the header and key-figures line say it)
_FILLER = {"the", "a", "an", "of", "in", "on", "at", "for", "about", "what", "happened", "happens", "happening",
           "is", "will", "going", "to", "show", "me", "tell", "there", "any",  # "is there a round 4?"
           "talks", "round", "summary", "?", "please", "during", "from", "new", "news", "what's", "whats", "was",
           "were", "where", "when", "venue", "date", "held", "take", "place", "key", "figures", "details",
           "outcome", "outcomes", "result", "results", "overview", "timeline", "chronology", "history", "discussed",
           # "how long did round 1 last" (the header and key figures say it); "how many prisoners ... in round 2"
           "how", "long", "last", "lasted", "duration", "many", "much"}
# "where were the talks held?", "when did the negotiations start", "how many rounds have there
# been", "what was the outcome of the talks": the whole story's dates, venues and outcomes, which
# the timeline lists round by round. Not "where are the next talks" (what comes next) or "where
# did Putin meet Trump" (a search).
_WHERE_WHEN = re.compile(r"^(?:(?:where|when)\s+(?:were|was|are|is|did|do|does|have|had|will)\s+"
                         r"(?:the\s+|these\s+|all\s+(?:the\s+)?)?(?:talks|negotiations|meetings|rounds|sessions)"
                         r"(?:\s+(?:be\s+|been\s+|being\s+)?(?:held|take\s+place|took\s+place|taken\s+place|"
                         r"happen|happened|start|started|begin|began|begun|end|ended|hosted))?"
                         r"|how\s+many\s+rounds(?:\s+(?:have\s+there\s+been|were\s+there|are\s+there|so\s+far|"
                         r"(?:have\s+been|were)\s+held))*"
                         r"|(?:what\s+(?:was|were|is|are)\s+)?(?:the\s+)?(?:outcomes?|results?)\s+(?:of|from)\s+"
                         r"(?:the\s+|these\s+|all\s+(?:the\s+)?)?(?:talks|negotiations|meetings|rounds|sessions)"
                         r"|(?:the\s+)?(?:talks|negotiations)\s+(?:outcomes?|results?))\s*\??$")
# "ceasefire timeline", "timeline of the prisoner exchanges", "Umerov over time": a topic's or a
# person's facts by date
_TIMELINE_OF = re.compile(r"^(?:(?:a|the)\s+)?(?:timeline|chronology|history)\s+(?:of|for|on)\s+(.+?)\??$"
                          r"|^(.+?)\s+(?:timeline|chronology|over\s+time|in\s+date\s+order)\s*\??$", re.IGNORECASE)
# "latest on the ceasefire", "what's new about Umerov?", "any news from Istanbul"
_LATEST_ON = re.compile(r"^(?:what['’]?s\s+)?(?:the\s+)?(?:latest|news|new|updates?|anything new|any news)\s+"
                        r"(?:on|about|regarding|from)\s+(.+?)\??$", re.IGNORECASE)
# "who is Umerov", not "who led the delegation": that one is a search
_PERSON = re.compile(r"^(?:person|people|who\s+is|who['’]s|quotes?(?:\s+(?:by|from|of))?|said\s+by)\s+(.+)$")
# "Putin quotes", "Zelensky's statements"
_WORDS_OF = re.compile(r"^(.+?)(?:['’]s)?\s+(?:quotes|statements|comments|remarks)\s*\??$")
# "what did Putin say", "what has Umerov proposed", "what Medinsky said", "... say about the
# ceasefire" (a round's or day's filler words are gone by then: "what did Putin say about
# prisoners in round 3" is "did putin say prisoners")
_SAID = re.compile(r"^(?:what\s+)?(?:(?:did|does|has|have|had)\s+(.+?)\s+(say|said|do|done|tell|told|want|"
                   r"propose|proposed|offer|offered|demand|demanded)|what\s+(.+?)\s+(said|says|did|wants|proposed))"
                   r"(?:(?:\s+(?:about|on|regarding|concerning))?\s+(?:(?:the|a|an)\s+)?(?!\?)(.+?))?\s*\??$")
_ABOUT = {"about", "on", "regarding", "concerning"}  # "what did Putin say about?": about nothing
# The verbs of _SAID that say what kind of statement is asked for, as the start of their forms:
# "what did Russia demand" is, when Russia is no person, a search for "russia" and "demand..."
_SAYING = {"want": "want", "wants": "want", "propose": "propos", "proposed": "propos", "offer": "offer",
           "offered": "offer", "demand": "demand", "demanded": "demand"}
# "US", "U.S.", "EU", "WHO": a word typed in capitals is an abbreviation, searched even when
# its lower case is a common word ("us", "who"). Not in a question typed all in capitals.
_CAPITALS = re.compile(r"\b[A-Z](?:\.[A-Z])+\.?|\b[A-Z]{2,6}\b")
# Month names as typed in a hurry ("june 2"): capitalised, as the article date patterns expect
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE)
_RELATIVE_DAY = re.compile(r"\b(today|yesterday)\b")
# A round named by where it was held: "the Aurenza round", "what happened at the Geneva round", "rounds in Lisbon"
_PLACE_ROUND = re.compile(r"(?:what\s+happened\s+(?:at|in|during)\s+)?(?:the\s+)?(?P<place>[a-zà-ÿ][\w’'. -]{1,40}?)"
                          r"\s+(?:round|rounds|session|sitting|talks)|(?:the\s+)?(?:round|rounds|sessions?|sittings?)\s+"
                          r"(?:held\s+)?(?:in|at)\s+(?P<place2>[a-zà-ÿ][\w’'. -]{1,40})")
_NOT_A_PLACE = {"this", "that", "which", "what", "every", "each", "a", "an", "new", "another", "final", "next", "last",
                "latest", "previous", "current", "recent", "upcoming", "formal", "first", "opening", "one", "any",
                "whole", "entire", "how", "when", "where", "who", "why", "same", "later", "earlier", "second",
                "third", "many", "all", "technical", "informal", "topic", "topics", "person", "people", "about",
                "on", "in", "at", "during", "closed", "plenary", "morning", "afternoon", "evening", "night"}
# "what happened on Wednesday", "last Friday": the latest such day of the newsroom's calendar
_WEEKDAY_ASKED = re.compile(r"\b(?:(last|this|next|coming)\s+)?(" + "|".join(WEEKDAYS) + r")\b")
# "what happened in May", "june 2025": a month, alone or with its year, once the filler words are gone
_MONTH_ASKED = re.compile(r"(?P<month>" + "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"),
                                                       key=len, reverse=True))
                          + r")\.?(?:\s+(?P<year>(?:19|20)\d{2}))?")
_YEAR_ASKED = re.compile(r"(?:19|20)\d{2}")
_IN_MONTH = re.compile(r"\b(?:in|during)\s+" + _MONTH_ASKED.pattern + r"\b")
# "16/5", "5/16/2025", "16.05.": a day and a month in digits, whose order the newsroom's habits decide
_NUMERIC_DAY = re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<year>\d{4}|\d{2}))?\.?")
_TOPIC = re.compile(r"^(?:topic|topics|about|search|find|on)\s+(.+)$")
_WHO = 'whose facts? Try "person Zelensky".'
_WHAT = 'which topic? Try "topic ceasefire" or "prisoners round 2".'
# "timeline page 2", "round 1 p. 3", or a bare number after a paged list ("timeline 2"): a page
_PAGE = re.compile(r"(?:^|[\s,;:-])(?:page|pg|p\.)\s*#?\s*([-−]?\d+)$", re.IGNORECASE)
_POLITE_END = re.compile(r"[\s,]+(?:please|pls|plz|thanks|thank\s+you|thx|ta)$", re.IGNORECASE)
_PAGED_LISTS = {"timeline", "rounds", "history", "sources", "articles", "latest", "new", "news", "people", "topics"}
# A round number, ordinal or "last" typed alone; not a year ("2025" is a word to search for)
_ROUND_ALONE = re.compile(r"^#?\s*(\d{1,3}(?:st|nd|rd|th)?|last)$")
# Left of a question about a round once its filler is gone: the round is all it asks for. (Not
# filler themselves: "what did Putin say in round 2" needs its "did".)
_AUXILIARY = {"did", "does", "do", "is", "it", "has", "have", "had", "be", "been", "took"}
# Lists that one round's facts can be asked for: "people round 2", "who round 2", "topics round 1",
# "sources round 3"
_IN_A_ROUND = {"people": "people", "who": "people", "who attended": "people", "who took part": "people",
               "who was there": "people", "participants": "people", "topics": "topics", "sources": "sources",
               "articles": "sources", **dict.fromkeys(_ABOUT_WHAT, "topics"), **dict.fromkeys(_WHO_IS_IN, "people")}
# The word that asks for a person or a topic, typed without one ("/talks person"): a hint, not a search
_BARE = {"person": _WHO, "who is": _WHO, "quote": _WHO, "quotes": _WHO, "quotes by": _WHO, "said by": _WHO,
         "topic": _WHAT, "about": _WHAT, "search": _WHAT, "find": _WHAT}


_YES_NO = re.compile(r"(?i)^\s*(?:did|does|do|is|are|was|were|has|have|had|can|could|will|would)\b")


@dataclass(frozen=True)
class Question:
    """kind: help | timeline | latest | sources | people | topics | round | person | topic |
    reindex | status | not_understood."""

    kind: str
    raw: str
    round: int | None = None  # -1: the latest round
    term: str | None = None
    problem: str | None = None
    page: int | None = None  # asked for in the text; ``raw`` is then the question without it
    bare: bool = False  # words alone, no "person"/"topic": a name among them makes it a person question
    place: str | None = None  # a round asked for by where it was held: "the Aurenza round"
    ahead: bool = False  # "the next round": the latest plans first
    abbreviations: frozenset[str] = frozenset()  # typed in capitals, lower case without dots: "us"
    day: tuple[int | None, int, int] | None = None  # "2 June", "June 2, 2025": (year or None, month, day)
    month: tuple[int | None, int] | None = None  # "in May", "june 2025": (year or None, month)
    year: int | None = None  # "what happened in 2024"
    saying: str | None = None  # "what did Russia demand": the start of the verb ("demand"), searched when no person
    about: str | None = None  # "what did Putin say about the ceasefire": what the person's facts must mention
    recent: bool = False  # "latest on the ceasefire": the newest facts first
    in_order: bool = False  # "ceasefire timeline": each page's facts by date, the first first
    words: bool = False  # "what did Putin say", "Putin quotes": their own words first, and say when there are none

    @property
    def yes_no(self) -> bool:
        """Asked as a yes-or-no question ("did they agree a ceasefire"): one matching fact is no answer."""
        return bool(_YES_NO.match(self.raw))



def _round_words(word: str) -> str:
    """How to ask for the round ``word`` names: "round 2", "last round"."""
    number = _number(word)
    return "last round" if number == -1 else f"round {number}"


def _number(word: str) -> int | None:
    word = word.lower()
    if word in _NUMBERS:
        return _NUMBERS[word]
    if word in _ROMAN:
        return _ROMAN[word]
    digits = re.match(r"\d+", word)
    return int(digits.group(0)) if digits else None


# Slack's bold, italic, strike and code marks around words ("*round 1*" pasted from a message),
# and emoji ("round 2 🤔"): how a question looks, not what it asks
_FORMATTING = re.compile(r"[*~`]|(?<!\w)_|_(?!\w)|[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]")


# A round asked by a number no round has: "round -1" (below 1), "round 2.5" (no whole number)
_ODD_ROUND = re.compile(r"\bround\s*(?:(-\s*\d+)|\d+[.,]\d+)\b")
# A word like "round" before a round's number or after an ordinal, typed in a hurry: "roudn 2", "rond 3",
# "second rnoud". Only there: "rand", "rund" or "ronde" elsewhere are words to search for.
_ROUND_MISTYPED = re.compile(r"\b(?P<word>r[a-z]{2,5})(?=\s*#?\s*\d{1,3}\b)"
                             rf"|\b(?P<ord>{_ORD})(?P<gap>\s+)(?P<after>[a-z]{{3,6}})\b", re.IGNORECASE)


def _round_respelled(m: re.Match[str]) -> str:
    word = m["word"] or m["after"]
    low = word.lower()
    mistyped = low not in ("round", "rounds", "rnd", "rand") and low not in _NUMBERS \
        and fuzz.ratio(low, "round") >= 75
    return (f"{m['ord']}{m['gap']}" if m["ord"] else "") + ("round" if mistyped else word)


def parse_question(text: str, today: dt.date | None = None, by_place: bool = True) -> Question:
    """What ``text`` asks. ``today`` is the newsroom's day (FACTDESK_TIMEZONE), for "today" and
    "yesterday"; without it, this machine's."""
    raw = " ".join(clean_question(text or "").split())
    plain = " ".join(_FORMATTING.sub(" ", raw).split())
    raw = plain or raw  # a question of emoji alone stays what it was
    # "Umerov?", "2?", "people page 2?": the question mark is how a question ends, not what it asks
    # ("?" alone is help)
    raw = raw.rstrip("?!").rstrip() or raw
    raw = _ROUND_MISTYPED.sub(_round_respelled, raw)  # "roudn 2", "rond 3": a round, mistyped
    low = raw.lower().strip(" .!")
    if not low:
        return Question("help", raw)
    page, raw = _page(typed := raw)
    low = raw.lower().strip(" .!")
    if page is not None and page < 1:  # "page 0", "page -1"
        return Question("not_understood", typed, problem="pages are numbered from 1.")
    if not low:
        return Question("not_understood", typed, problem='page of what? Try "timeline page 2".')
    if (keyword := low.rstrip("?! ")) in _KEYWORDS or low in _KEYWORDS:  # "any news?"; "?" alone is help
        return Question(_KEYWORDS.get(keyword) or _KEYWORDS[low], raw, page=page)
    if _WHERE_WHEN.match(low):
        return Question("timeline", raw, page=page)
    if _TALKED_ABOUT.match(low.rstrip("?! ")):
        return Question("topics", raw, page=page)
    if on := _LATEST_ON.match(raw):  # "latest on the ceasefire", "any news about Umerov?": newest first
        asked = parse_question(on.group(1), today)
        return replace(asked, raw=raw, page=page, recent=True) if asked.kind in ("topic", "person") else asked
    if of := _TIMELINE_OF.match(raw):  # "ceasefire timeline": the topic's facts, by date
        asked = parse_question((of.group(1) or of.group(2)).rstrip(" ,;:-"), today)
        if asked.kind in ("topic", "person"):
            return replace(asked, raw=raw, page=page, in_order=True)
    if alone := _ROUND_ALONE.match(low):  # "/talks 2", "#3", "2nd", "last": in a talks bot, a round
        asked = _number(alone.group(1))
        return Question("round", raw, round=asked, page=page, bare=True) if asked else \
            Question("not_understood", raw, problem="rounds are numbered from 1.")
    several = _SEVERAL.search(low)
    mentioned = sorted((m for pattern in _ROUND_PATTERNS for m in pattern.finditer(low)), key=lambda m: m.start())
    if several or len(mentioned) > 1:
        a, b = [n for n in several.groups() if n][:2] if several else (mentioned[0].group(1), mentioned[1].group(1))
        return Question("not_understood", raw, problem=f"one round at a time: ask \"{_round_words(a)}\", then "
                        f"\"{_round_words(b)}\"; \"timeline\" lists every round with its outcome.")
    number = None
    rest = low
    if mentioned:  # the one round asked for
        m = mentioned[0]
        number = _number(m.group(1))
        rest = (rest[:m.start()] + " " + rest[m.end():]).strip(" ,:;-?!.")  # "round 2?" is round 2
    elif ahead := _AHEAD.search(low):  # what the articles say of it: "the next round could take place ..."
        # "what's next", "next steps": what the articles say of the next round
        term = ahead.group(0) if re.search(r"(?:round|rnd)s?$", ahead.group(0)) else "next round"
        return Question("topic", raw, term=term, page=page, ahead=True)
    if by_place and number is None and (at := _PLACE_ROUND.fullmatch(rest.strip(" ?!.,"))) \
            and _a_place(place := at.group("place") or at.group("place2")) \
            and (not at.group(0).endswith("talks") or as_typed(raw, place)[:1].isupper()):
        # "the Aurenza round", "rounds in Qasr City"; "the Rosenlund talks" with its capital ("the ceasefire
        # talks" is a topic)
        return Question("round", raw, place=place, page=page)
    if number is None and (odd := _ODD_ROUND.search(low)):  # "round -1", "round 2.5"
        return Question("not_understood", raw, problem="rounds are numbered from 1." if odd[1] else
                        "a round's number is a whole number: try \"round 2\".")
    if number is None and re.search(r"\bround\b", low):
        return Question("not_understood", raw, problem="which round? Try \"round 2\", \"second round\" or \"r2\".")
    if number is not None and number == 0:
        return Question("not_understood", raw, problem="rounds are numbered from 1.")
    day = None
    if number is None and (asked := _day_asked(rest, today)) is not None:  # "what happened on 2 June?"
        day, start, end = asked
        rest = (rest[:start] + " " + rest[end:]).replace("?", " ").strip(" ,:;-")
        rest = " ".join(w for w in rest.split() if w.strip(",.") not in WEEKDAYS)  # "Monday 2 June": the day's name
    # "what will happen on 8 July" ("happen" only here: "what may happen" names no month)
    rest = " ".join(w for w in rest.split()
                    if (number is None and day is None) or w.strip("?!.,") not in _FILLER | {"happen"})
    if day is not None and not rest:
        return Question("day", raw, day=day, page=page)
    essential = " ".join(w for w in rest.replace("?", " ").split() if w not in _FILLER or w in MONTHS)
    if number is None and day is None and (month := _MONTH_ASKED.fullmatch(essential)):
        year = month.group("year")
        return Question("month", raw, month=(int(year) if year else None, MONTHS[month.group("month")]), page=page)
    if number is None and day is None and _YEAR_ASKED.fullmatch(essential):  # "what happened in 2024", "2022 talks"
        return Question("year", raw, year=int(essential), page=page)
    in_month = None  # "what did Zelensky say in May", "ceasefire during June 2025"
    if number is None and day is None and (month := _IN_MONTH.search(rest)):
        in_month = (int(month.group("year")) if month.group("year") else None, MONTHS[month.group("month")])
        rest = (rest[:month.start()] + " " + rest[month.end():]).replace("?", " ").strip(" ,:;-")
    if number is None and day is None and (numeric := _NUMERIC_DAY.fullmatch(essential)):
        a, b, year = int(numeric["a"]), int(numeric["b"]), numeric["year"]
        full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
        if max(a, b) > 12 and min(a, b) <= 12 and max(a, b) <= 31:  # "16/5" and "5/16" are both 16 May
            return Question("day", raw, day=(full_year, min(a, b), max(a, b)), page=page)
        return Question("not_understood", raw, problem=f"is {numeric.group(0)} a day and a month, or a month and a "
                        "day? Write the month: \"6 May\" or \"May 6\".")
    if number is not None and all(w in _AUXILIARY for w in rest.split()):  # "where did round 2 take place"
        return Question("round", raw, round=number, page=page)
    if number is not None and rest in _IN_A_ROUND:  # "people in round 2", "round 1 topics"
        return Question(_IN_A_ROUND[rest], raw, round=number, page=page)
    if rest in _BARE:
        return Question("not_understood", raw, problem=_BARE[rest])
    m = _PERSON.match(rest)
    if m:
        return Question("person", raw, round=number, term=m.group(1).strip(), page=page, day=day, month=in_month,
                        words=rest.startswith(("quote", "said")))
    m = _SAID.match(rest)
    if m:
        who, verb = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return Question("person", raw, round=number, term=who.strip(), page=page, day=day, month=in_month,
                        saying=_SAYING.get(verb), words=verb in ("say", "said", "says", "tell", "told"),
                        about=m.group(5) if m.group(5) not in _ABOUT else None, abbreviations=_abbreviations(raw))
    m = _WORDS_OF.match(rest)
    if m:
        return Question("person", raw, round=number, term=m.group(1).strip(), page=page, day=day, month=in_month,
                        words=True)
    m = _TOPIC.match(rest)
    if m:
        return Question("topic", raw, round=number, term=m.group(1).strip(), page=page,
                        abbreviations=_abbreviations(raw), day=day, month=in_month)
    return Question("topic", raw, round=number, term=rest, page=page, bare=True, abbreviations=_abbreviations(raw),
                    day=day, month=in_month)


def _a_place(words: str) -> bool:
    """Whether the words before "round" may name a place: one to three words, no digit, no "of" ("the
    2022 talks" is a year, "chronology of the ceasefire talks" a topic)."""
    parts = words.split()
    return 0 < len(parts) <= 3 and parts[0] not in _NOT_A_PLACE and not any(c.isdigit() for c in words) \
        and not {"of", "the", "and", "or", "for", "to", "about", "on", "with"} & set(parts)


def by_weekday(raw: str) -> bool:
    """Whether the question's day is a weekday's name alone ("what happened on Friday", "last Friday"),
    read as the latest such day: in a store whose coverage stopped before it, the latest with coverage
    is meant (the answer said only that nothing happened on the Friday before the machine's today)."""
    low = raw.lower()
    m = _WEEKDAY_ASKED.search(low)
    return m is not None and m.group(1) not in ("this", "next", "coming") \
        and not [d for d in find_dates(_MONTH_WORD.sub(lambda w: w.group(0).capitalize(), low), None)
                 if d.kind in ("day", "iso")]


def _day_asked(low: str, today: dt.date | None) -> tuple[tuple[int | None, int, int], int, int] | None:
    """The one calendar day a question names ("june 2", "2nd of June 2025", "2025-06-02", "today",
    "yesterday"), its year if typed, and where it stands in ``low``. A month alone, or a span of
    days, is none."""
    typed = _MONTH_WORD.sub(lambda m: m.group(0).capitalize(), low)  # same length: the spans hold
    days = [d for d in find_dates(typed, None) if d.kind in ("day", "iso")]
    if not days and (rel := _RELATIVE_DAY.search(low)):  # the newsroom's own calendar
        d = (today or dt.date.today()) - dt.timedelta(days=rel.group(1) == "yesterday")
        return (d.year, d.month, d.day), rel.start(), rel.end()
    if not days and (weekday := _WEEKDAY_ASKED.search(low)):
        # the latest such day, today if it is one ("last Friday": before today); "this Friday", "next
        # Friday": the coming one, whose plans the day's answer gives
        now, which = today or dt.date.today(), WEEKDAYS.index(weekday.group(2))
        if weekday.group(1) in ("this", "next", "coming"):
            d = now + dt.timedelta(days=(which - now.weekday()) % 7 or (7 if weekday.group(1) == "next" else 0))
        else:
            d = now - dt.timedelta(days=(now.weekday() - which) % 7 or (7 if weekday.group(1) == "last" else 0))
        return (d.year, d.month, d.day), weekday.start(), weekday.end()
    if len(days) != 1:
        return None
    d = days[0]
    if d.kind == "iso":  # a valid day, or none at all ("2025-13-45")
        return ((d.date.year, d.date.month, d.date.day), d.start, d.end) if d.date else None
    return ((d.year, d.month, d.day), d.start, d.end) if d.month and d.day else None


def _abbreviations(raw: str) -> frozenset[str]:
    if len(raw.split()) > 1 and not any(c.islower() for c in raw):  # "TOPIC US": every word is in capitals
        return frozenset()
    return frozenset(undotted(m.group(0).lower()) for m in _CAPITALS.finditer(raw)) - {"or", "and", "not"}


def as_typed(raw: str, term: str) -> str:
    """``term`` (lower case, as parsed) in the case the reporter typed it: "Rubio & Zelensky"; a
    term ending in the start of a word, to the end of that word ("Ukraine propos": "Ukraine proposed")."""
    at = raw.lower().find(term)
    if at < 0 or len(raw) != len(raw.lower()):
        return term
    end = at + len(term)
    if raw[end:end + 1] == "." and re.search(r"\.[A-Za-z]$", raw[at:end]):
        end += 1  # "U.S." lost its last dot with the question's closing punctuation
    while end < len(raw) and raw[end].isalnum() and raw[end - 1].isalnum():
        end += 1
    return raw[at:end]


def undotted(text: str) -> str:
    """ "u.s. sanctions" -> "us sanctions": an abbreviation is one word, however it is dotted."""
    return re.sub(r"\b[a-z](?:\.[a-z])+\.?", lambda m: m.group(0).replace(".", ""), text, flags=re.IGNORECASE)


def _page(raw: str) -> tuple[int | None, str]:
    """The page a question asks for, and the question without it (what a More button repeats)."""
    text = _POLITE_END.sub("", raw.rstrip(" .!")).rstrip(" .!")  # "round 3 page 2 please"
    m = _PAGE.search(text)
    if m is not None:
        return int(m.group(1).replace("−", "-")), text[:m.start()].strip(" ,;:-")
    words = text.split()
    if len(words) == 2 and words[0].lower() in _PAGED_LISTS and words[1].isdigit() and len(words[1]) <= 4:
        return int(words[1]), words[0]
    return None, raw
