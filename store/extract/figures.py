"""Step 6: figures -- a number and what it counts ("at least 1,000 POWs", "$10-30 billion").

Years and the days inside dates are not figures; the date step owns them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.text import Caseless

TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
UNITS = "one|two|three|four|five|six|seven|eight|nine"
_WORDS = (f"{UNITS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{TENS}|"
          "hundred|hundreds|thousand|thousands|dozen|dozens|million|millions|billion").split("|")
# longest first: an alternation takes the first that fits, and "six" would cut "sixty" short;
# "twenty-five" is one number, not "five"
_NUMBER_WORDS = "|".join([f"(?:{TENS})-(?:{UNITS})", *sorted(_WORDS, key=len, reverse=True)])
# What a hyphenated compound counts: "a 30-day ceasefire", "a five-hour session", "a 1,200-prisoner
# swap", "a 12-point plan". A closed list: "one-sided", "two-way" and "1,000-for-1,000" count nothing.
COMPOUND_UNITS = ("day|week|month|year|hour|minute|point|mile|kilometre|kilometer|metre|meter|ton|tonne|member|"
                  "nation|country|page|seat|strong|person|man|prisoner|soldier|vote")
_NUM = (rf"(?:[$€£]\s?)?(?:\d(?:[\d,.]*\d)?(?:\s?[-–]\s?\d(?:[\d,.]*\d)?)?|(?:{_NUMBER_WORDS})(?:\s+(?:to|or)\s+"
        rf"(?:{_NUMBER_WORDS}))?)(?:\s?%|\s(?:per\s?cent|percent))?(?:-(?:{COMPOUND_UNITS})\b)?")
# "no more than 1.1" is a ceiling: cut to "more than 1.1", it said the opposite
_QUALIFIER = r"(?:\b(?:at least|(?:no|not) (?:more|less|fewer) than|more than|less than|fewer than|over|under|" \
             r"almost|nearly|about|around|some|up to|roughly|just over|just under)\s+)?"
# A range's first end, written out: "between 25 and 30 percent", "from 20 to 30 nautical miles", "10% to
# 15%", "52 to 48". Cut to its last number, "between 25 and 30 percent" was a figure of 30 percent.
_LOW = r"(?:[$€£]\s?)?\d(?:[\d,.]*\d)?(?:\s?%)?"
_RANGE = rf"(?:between\s+{_LOW}\s+and\s+|from\s+{_LOW}\s+to\s+|{_LOW}\s+to\s+(?=[$€£]?\d))"
# "$1.2bn", "€90m", "£30k": the scale written on to the number is part of it; and so is a compound's,
# money and all: "an 850-million-dollar fund", "a 3.2-million-euro repair bill"
_FIGURE = Caseless(rf"{_QUALIFIER}(?<![\w.$€£]){_RANGE}?{_NUM}"
                   r"(?:(?<=\d)(?:bn|mn|tn|m|b|k)\b|\s+(?:million|billion|thousand)"
                   r"|-(?:million|billion|trillion)(?:-(?:dollar|euro|pound|franc|yen|rupee)s?)?\b)?")
# A figure starts with a digit or a number word at the start of a word ("someone", "often" and
# "money" hold none): the cheap test that spares most sentences the figure pattern.
_ANY_NUMBER = Caseless(rf"\d|\b(?:{_NUMBER_WORDS})")
_STOP = {"of", "in", "on", "at", "to", "for", "from", "who", "that", "which", "and", "or", "but", "with",
         "by", "as", "is", "are", "was", "were", "will", "would", "the", "a", "an", "had", "have", "has",
         "after", "before", "into", "than", "since", "during", "per", "between", "until", "this", "it",
         # prepositions and reporting verbs end what a number counts: "a 30-day truce around the plant"
         "around", "near", "over", "under", "about", "outside", "inside", "against", "across", "within",
         "without", "toward", "towards", "through", "among", "along", "amid", "via", "said", "says", "told",
         # a clause's start ends it too: "1,400 hectares because the river moved"
         "because", "while", "when", "if", "although", "though", "where", "unless", "whereas", "so",
         # an adverb ends it: "€90 million first proposed" was a figure of "€90 million first"
         "first", "initially", "originally", "already", "now", "then", "also", "still", "just", "later", "earlier"}
# What follows a participle describing the things counted, not a verb they did: "6,000 soldiers killed in
# battle", "85 soldiers captured during the raid" ("voted for", "walked out" end the figure)
_PASSIVE_AFTER = re.compile(r"\s+(?:in|during|by|at|since|near|outside|off|on|last|this|earlier|so\s+far)\b")
_MEASURES = {"minutes", "hours", "days", "weeks", "months", "years", "percent", "per", "times", "tonnes", "tons",
             "kilometres", "kilometers", "miles", "metres", "meters", "euros", "dollars", "pounds", "people",
             "soldiers", "prisoners", "civilians", "children", "hour", "day", "week", "month", "year", "minute"}
_GENERIC = {"sides", "parties", "countries", "nations", "leaders", "delegations", "men", "women", "things", "ways",
            "times", "others", "sources", "officials", "diplomats", "people", "members", "states", "groups"}
_NEXT_WORD = re.compile(r"[ \t\"”’]+([A-Za-z][A-Za-z'’-]*(?:\d(?:/[a-z]+)?\b)?)")  # "m3/s", "km2": one unit
# "two of the 14 chapters", "three of their prisoners": a part, counted in the whole's unit
_PARTITIVE = re.compile(rf"\s+of\s+(?:the|its|their|these|those)(?:\s+(?:(?:roughly|about|some|nearly|almost|"
                        rf"around)\s+)?(?:\d[\d,]*|{_NUMBER_WORDS}))?(?=\s)",
                        re.IGNORECASE)
# "hand over", "turned over", "took over": the verb's "over", no "more than"
_HANDED = re.compile(r"\b(?:hand|hands|handed|handing|turn|turns|turned|turning|take|takes|took|taken|taking)\s+$",
                     re.IGNORECASE)
# Tests of each figure found, compiled once (re's own cache was looked up for every call).
_YEAR = re.compile(r"(19|20)\d{2}")
_DIGIT = re.compile(r"\d")
_MARKED = re.compile(r"[%$€£-]|illion|per ?cent", re.IGNORECASE)  # a percentage, currency, range or a million/billion
_LARGE = re.compile(r"hundred|thousand|illion|dozen", re.IGNORECASE)
_QUOTE_MARKS = re.compile(r"[“”\"]")
# what a figure's value says it counts, also read by store.dedupe.figure_signatures
COMPOUND = re.compile(rf"-({COMPOUND_UNITS})$", re.IGNORECASE)  # "five-hour": group 1 is "hour"
PERCENT = re.compile(r"%|per ?cent", re.IGNORECASE)
# "100% clear", "a hundred per cent sure": wholly, said with a number; nothing is counted
_WHOLLY = {"sure", "clear", "certain", "committed", "confident", "convinced", "right", "wrong", "true", "honest",
           "behind", "serious", "ready", "correct", "satisfied", "safe", "guaranteed", "responsible", "agree"}
_HUNDRED = re.compile(r"(?:100|a hundred|one hundred)\s?(?:%|per ?cent)", re.IGNORECASE)
# "around 1220 GMT", "14:00 local time": a time of day says when, not how many
_CLOCK_ZONES = {"gmt", "utc", "cet", "cest", "eet", "eest", "msk", "bst", "est", "edt", "cst", "cdt", "pst", "pdt",
                "hrs", "o'clock", "o’clock"}


_HOUR_MARK = re.compile(r"\s?(?:[ap]\.m\.|[ap]m\b)", re.IGNORECASE)
_CODE_BEFORE = re.compile(r"\b[A-Z]{2,}-$")  # a number joined to a code in capitals: "VLS-2", "COVID-19"
# "Transit Workers Union Local 418 met", "Route 66 reopened": a number inside a name, after a
# capitalised word that does not open the sentence ("Some 300 farmers" does) and is no possessive
# ("the EU's 27 members"), counting nothing (see find_figures: "In Kyiv 300 people" counts people).
_IN_A_NAME = re.compile(r"\S (?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day $)[A-Z][A-Za-z]*[A-Za-z] $")

# "14 outstanding chapters", "12 political prisoners": a describing word before the plural noun counted
_DESCRIBING = re.compile(r"(?:ing|ed|al|ive|ous|ful|ant|ent|ic|ary|ory|ible|able)$")


def counted_noun(unit_words: list[str]) -> str:
    """The word a figure counts, lower case: the first of its unit words, or the plural noun
    after a describing word ("outstanding chapters" counts chapters). Shared with
    :func:`store.dedupe.figure_signatures`, so both read one figure the same way."""
    words = [w.lower() for w in unit_words[:2]]
    if len(words) == 2 and _DESCRIBING.search(words[0]) and words[1].endswith("s") and not words[0].endswith("s"):
        return words[1]
    return words[0] if words else ""


@dataclass(frozen=True)
class Figure:
    value: str
    unit: str
    text: str
    start: int
    end: int


def _is_year(token: str) -> bool:
    return bool(_YEAR.fullmatch(token))


def find_figures(text: str, skip: list[tuple[int, int]] | None = None) -> list[Figure]:
    """Figures in ``text``; spans in ``skip`` (dates) are ignored."""
    if not _ANY_NUMBER.found(text):  # every figure holds a digit or a number word: most sentences have neither
        return []
    skip = skip or []
    out: list[Figure] = []
    whole_until = 0  # the whole of a partitive ("the 14" of "two of the 14 chapters") is part of its figure
    for start, stop in _FIGURE.spans(text):
        if _HANDED.search(text, max(0, start - 12), start) and text[start:start + 5].lower() == "over ":
            start += 5  # "will hand over 85 soldiers": 85, not more than 85
        value = text[start:stop].strip()
        if start < whole_until or any(a <= start < b for a, b in skip) or _is_year(value):
            continue
        has_digit = bool(_DIGIT.search(value))
        if not has_digit and value.lower() in ("one", "some"):
            continue
        unit_words: list[str] = []
        part = _PARTITIVE.match(text, stop)
        pos = part.end() if part else stop
        while len(unit_words) < 3:
            w = _NEXT_WORD.match(text, pos)
            if not w or w.group(1).lower() in _STOP or (unit_words and w.group(1).endswith("ed")
                                                         and not _PASSIVE_AFTER.match(text, w.end())):
                break  # "of the roughly 3,000 farmers voted": a verb in the past ends it, not "soldiers killed in"
            unit_words.append(w.group(1))
            pos = w.end()
        if not unit_words and not _MARKED.search(value) and not (has_digit and " " in value):
            continue  # a bare number ("at least 1,000" and "under 25" stay: the qualifier makes them figures)
        counted = counted_noun(unit_words)
        if value.isdigit() and not counted.endswith("s") and counted not in _MEASURES \
                and _IN_A_NAME.search(text, max(0, start - 40), start):
            continue
        if counted in _CLOCK_ZONES or (counted == "local" and unit_words[1:2] == ["time"]) \
                or _HOUR_MARK.match(text, stop) or (start and _CODE_BEFORE.search(text, max(0, start - 12), start)):
            continue  # "11 p.m." says when; "VLS-2" names a hall
        if counted in _WHOLLY and _HUNDRED.fullmatch(value):
            continue
        if not has_digit and not _LARGE.search(value) and not COMPOUND.search(value) and not PERCENT.search(value) \
                and counted not in _MEASURES and (not counted.endswith("s") or counted in _GENERIC):
            continue  # "two sides", "three parties": counting words, not figures ("two chapters" is one)
        end = pos
        if part:
            whole_until = end
        out.append(Figure(value=value, unit=" ".join(unit_words), text=_QUOTE_MARKS.sub("", text[start:end]),
                          start=start, end=end))
    return out
