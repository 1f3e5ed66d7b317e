"""Near-duplicate facts: one article paraphrasing itself, or two outlets telling one fact.

Two sentences state the same fact when their *content* overlaps: function words,
reporting verbs and connectives are dropped, words are reduced to a crude stem, and
newsroom synonyms are folded (talks/negotiations/discussions). rapidfuzz then scores
the two keys; pairs above :data:`SAME_FACT` join one group, shown once with every
citation.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from store.extract.figures import COMPOUND, PERCENT, TENS, UNITS, counted_noun
from store.text import fold

_STOPWORD_TEXT = """
a about above according across after again against all also although am among an and another any are around as
at be because been before being between both but by can could did do does doing during each either even ever
every few for from further had has have having he her here hers him his how however i if in into is it its
itself just last least less like many may me more most much must my near neither no nor not now of off on once
one only or other our ours out over own per same she should since so some still such than that the their them
then there these they this those though through thus to too under until up upon us very via was we were what
when where whether which while who whom whose why will with within without would yet you your actually
additionally nonetheless nevertheless meanwhile moreover furthermore said says say told tell tells stated
states added adds noted notes continued reported reports according reporters journalists media quoted asked
answered explained emphasized stressed claimed confirmed described called following after
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

SYNONYMS = {
    "negotiation": "talk", "discussion": "talk", "meeting": "talk", "talk": "talk",
    "cease-fire": "ceasefire", "truce": "ceasefire",
    "swap": "exchang", "exchang": "exchang", "exchange": "exchang",
    "pow": "prison", "prisoner": "prison", "captive": "prison",
    "hopeful": "optimist", "optimistic": "optimist",
    "parliamentarian": "parliament", "lawmaker": "parliament", "mp": "parliament",
    "russian": "russia", "ukrainian": "ukrain", "ukraine": "ukrain", "russians": "russia",
    "ukrainians": "ukrain",
    "lead": "head", "led": "head",  # "led the delegation" / "headed the delegation"
}
SAME_FACT = 70.0  # score (0-100) from which two facts are stored as one group
MIN_SHARED = 3  # content words two sentences must share before they can be one fact
SAME_SHOWN = 66.0  # in one answer, facts this close are folded together rather than shown twice
NAMES_ONLY = 50.0  # the most two facts score that share only who they are about (see who_words)
WINDOW_DAYS = 3  # paraphrases of one event are about days this close: further apart, two moments
NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
                "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
                "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
                "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100"}
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ness", "ments", "ment", "ers", "ed", "es", "s")


# British and American spellings of one word are one key word: initialled/initialed, recognise/recognize
# (the British double l of a long verb in -al or -el only: "killing" and "stalled" keep theirs)
_DOUBLED_L = re.compile(r"(?<=\w{4}[ae])ll(?=ed$|ing$)")
_IZE = re.compile(r"iz(?=e$|ed$|es$|ing$|ation$|ations$)")


@lru_cache(maxsize=32768)  # a story's vocabulary is small; stems are asked for again and again
def stem(word: str) -> str:
    if len(word) > 6:
        word = _IZE.sub("is", _DOUBLED_L.sub("l", word) if len(word) > 8 else word)
    for plain in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else ""):
        if plain in SYNONYMS:  # before suffix-stripping: "negotiations" -> "talk", not "negoti"
            return SYNONYMS[plain]
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return SYNONYMS.get(word, word)


_TOKEN = re.compile(r"[a-z0-9]+(?:[-,.][0-9]+)*(?:-[a-z]+)?")
_HAS_DIGIT = re.compile(r"\d")


# "the two sides", "the three governments": a count of who, no figure. As a number it set apart two
# tellings of one fact ("at the first sitting the two sides agreed to a joint survey" and "13-14 March:
# the first sitting agreed to a joint survey"): facts with no number in common are two facts.
_COUNTED_PARTIES = frozenset({"side", "part", "countr", "nation", "deleg", "govern", "head", "neighbour", "team",
                              "bloc"})


# "did not agree" and "agreed" are opposite facts, not one told twice: a negated sentence's key ends in
# NEGATED, and two keys of the same words only one of which has it are two facts
NEGATED = "not"
_NEGATION = re.compile(r"\b(?:not|never)\b|n't\b")


def fact_key(text: str) -> str:
    """Content words of a sentence, stemmed and synonym-folded, in order; a single digit is one
    ("by 3 days" and "by 30 days" were one fact), and a negation is marked (:data:`NEGATED`)."""
    low = fold(text)
    tokens = _TOKEN.findall(low)
    stems = [stem(t) for t in tokens if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    key = " ".join(w for w, after in zip(stems, [*stems[1:], ""], strict=False)
                   if not (len(w) == 1 and w.isdigit() and after in _COUNTED_PARTIES))
    return f"{key} {NEGATED}" if key and _NEGATION.search(low) else key


@lru_cache(maxsize=16384)  # bounded: each entry holds two frozensets (~1.2 KB; 65k of them weighed 80 MB)
def _parse(key: str) -> tuple[frozenset[str], frozenset[str]]:
    words = frozenset(key.split())
    return words, frozenset(filter(_HAS_DIGIT.search, words))


def forget_parsed() -> None:
    """Empty the parse cache (up to ~20 MB) once a run has stored its files: see ingest_folder."""
    _parse.cache_clear()


def similarity(key_a: str, key_b: str, who: frozenset[str] = frozenset()) -> float:
    """0-100: how much two fact keys say the same thing.

    Word overlap catches paraphrases that reorder and reword; token_sort_ratio catches
    the same words with small spelling differences. (token_set_ratio is not used: it
    calls a short sentence a duplicate of any longer one that contains its words.)
    ``who``: the key words that only say who a fact is about (:func:`who_words`); two facts
    sharing nothing else are two things one person or body said or did.
    """
    if not key_a or not key_b:
        return 0.0
    a, numbers_a = _parse(key_a)
    b, numbers_b = _parse(key_b)
    common = a & b
    shared = len(common)
    if shared < MIN_SHARED:  # the common case for the candidates of a new fact: decided before any division
        return 0.0
    overlap = shared / min(len(a), len(b))
    jaccard = shared / (len(a) + len(b) - shared)  # |a | b|, without building the union
    # Paraphrases keep their numbers: the same figure in both is strong evidence of one fact.
    # a shared "2" is as likely "the two sides" as a figure: only longer numbers count as evidence
    same_numbers = numbers_a & numbers_b if numbers_a and numbers_b else frozenset()
    telling = sum(1 for t in same_numbers if len(t) > 1)
    lexical = 100 * (0.5 * overlap + 0.5 * jaccard) + 15 + min(telling, 2) * 12
    score = min(100.0, max(fuzz.token_sort_ratio(key_a, key_b), lexical))
    if numbers_a and numbers_b and not same_numbers:
        score = min(score, 50.0)  # "lasted nine hours" / "lasted eleven hours": different facts
    if (NEGATED in a) != (NEGATED in b) and len(common) >= 0.8 * (len(a | b) - 1):
        # the same words, one of them negated: "agreed to extend the corridor" / "did not agree to extend
        # it" contradict each other (a paraphrase in other words, "rejected" / "would not accept", is one)
        score = min(score, 50.0)
    if who and common <= who:
        score = min(score, NAMES_ONLY)
    return score


# Words that say who a fact is about, not what it says of them. "Defense Minister Rustem Umerov said
# that the Ukrainian delegation uses any platforms ..." and "The Ukrainian delegation was headed by
# the Minister of Defense of Ukraine Rustem Umerov" share six of the second's seven words, and were
# one fact, the first cited for the second. Places stay what: "gathered at the Al Salam Palace in
# Jeddah" and "the meeting took place at the Al Salam Palace in Jeddah" are one fact.
ROLE_WORDS = frozenset(stem(w) for w in (
    "delegation", "minister", "president", "secretary", "spokesperson", "spokesman", "spokeswoman",
    "negotiator", "envoy", "aide", "adviser", "advisor", "ambassador", "mediator", "official"))
_CAPITALISED = re.compile(r"(?<![\w'’])[A-ZÀ-Þ][\w'’.-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"‘(—–-])\s*$")


def who_words(text: str, names: list[str], places: list[str]) -> frozenset[str]:
    """The key words of ``text`` that name someone: its capitalised words within the sentence (names,
    titles, bodies, nationalities), ``names`` (its people and speaker, who may open the sentence) and
    the role words, less those of ``places``."""
    capitals = [m.group(0) for m in _CAPITALISED.finditer(text) if not _SENTENCE_START.search(text[:m.start()])]
    who = set(fact_key(" ".join(capitals + names)).split())
    return frozenset((who - set(fact_key(" ".join(places)).split())) | ROLE_WORDS)


_FIGURE_NUMBER = re.compile(r"\d[\d,.]*|\b(?:" + "|".join(NUMBER_WORDS) + r")\b")
_TENS_UNITS = re.compile(rf"\b({TENS})-({UNITS})\b")  # "seventy-two" is 72, not 70 and 2


def figure_signatures(figures: list[dict[str, str]]) -> set[str]:
    """"about two hours" and "less than 2 hours" -> {"2 hour"}: a figure, whatever the hedging."""
    out = set()
    for fig in figures:
        value = fold(fig.get("value", ""))
        unit = fold(fig.get("unit", "")).split()
        suffix = COMPOUND.search(value)
        if suffix:
            unit = [suffix.group(1)]  # "five-hour session" is a number of hours
            value = value[:suffix.start()]  # the "one" in "-prisoner" is no number
        elif PERCENT.search(value):
            unit = ["%"]
        value = _TENS_UNITS.sub(lambda m: str(int(NUMBER_WORDS[m[1]]) + int(NUMBER_WORDS[m[2]])), value)
        numbers = _FIGURE_NUMBER.findall(value)
        money = _money(fig.get("value", "") + " " + fig.get("unit", ""))
        if not numbers or not (unit or money):
            continue
        number = "-".join(NUMBER_WORDS.get(n, n.replace(",", "")) for n in numbers)
        if money:  # "$310 million" and "310 million dollars": one sum, whatever the unit words after it
            out.add(f"{number} {money}")
            continue
        # water by volume or flow, however written: "450 cubic metres per second (m3/s)", "450 cumecs", "m3"
        counted = "m3" if unit and (unit[0] in ("cubic", "cumec", "cumecs") or unit[0].startswith("m3")) \
            else stem(counted_noun(unit))
        if len(counted) > 3 and counted.endswith("s"):
            counted = counted[:-1]  # "30 days" and "a 30-day truce": stem() keeps the s of short words
        out.add(f"{number} {_UNIT_NAMES.get(counted, counted)}")
    return out


# Units written short, in American spelling or in other words: "15 km wide" and "a 15-kilometre zone" are one figure
_UNIT_NAMES = {"km": "kilometre", "kms": "kilometre", "kilometer": "kilometre", "kg": "kilogram", "kilo": "kilogram",
               "mi": "mile", "hr": "hour", "hrs": "hour", "min": "minute", "mins": "minute", "meter": "metre",
               "inhabitant": "people", "resident": "people", "person": "people"}  # "180,000 people/inhabitants"
_CURRENCY = re.compile(r"(?P<sign>US\$|\$|€|£|¥)|\b(?P<word>dollar|euro|pound|yen|yuan)s?\b", re.IGNORECASE)
# "$850 million", "$850m", "an 850-million-dollar fund"
_SCALE = re.compile(r"(?:\d\s*|-(?=(?:million|billion|trillion)\b))(?P<scale>million|billion|trillion|mn|bn|m|b)\b",
                    re.IGNORECASE)
_CURRENCY_NAMES = {"us$": "$", "dollar": "$", "euro": "€", "pound": "£", "yen": "¥", "yuan": "¥"}
_SCALES = {"mn": "million", "m": "million", "bn": "billion", "b": "billion"}


def _money(text: str) -> str | None:
    """A sum's currency and scale ("$ million"), or None when the figure is no sum of money."""
    currency = _CURRENCY.search(text)
    if currency is None:
        return None
    name = (currency["sign"] or currency["word"]).lower()
    scale = _SCALE.search(text)
    size = scale["scale"].lower() if scale else ""
    return f"{_CURRENCY_NAMES.get(name, name)}{_SCALES.get(size, size)}"
