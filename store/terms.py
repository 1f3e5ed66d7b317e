"""What a reporter typed after "topic" -> the terms a full-text search must all match.

A term is a set of spellings, any of which may match (store/search.py matches them): a word
with its stem and synonyms ("prisoners": prisoner, pow, captive), an abbreviation with its
dotted form ("US": us, u.s), a quoted phrase as typed (its words in that order), or the words
either side of an "or" ("ceasefire or truce"). That is what a search box user expects of "or"
and quotes; there is no "not" and no brackets.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import product

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from store.dedupe import STOPWORDS, stem
from store.questions import undotted
from store.search import PAST_FORMS, matched_whole
from store.text import words

# Spellings of one thing the articles use interchangeably, by stem (or, for an irregular past
# form, by its verb). Who leads a delegation is written as led, headed or its chief: "who led the
# delegations" must find "the Ukrainian delegation was headed by".
# What a side put on the table is its offer, proposal or what it tabled: "what did the EU offer"
# must find "the European side tabled a quota". A side that rejects refuses, rules out or turns
# down. A side's delegation is its negotiators: "who led the Russian delegation" must find
# "Medinsky, the chief negotiator for Russia".
_LEADING = {"lead", "led", "head", "chief"}
_PROPOSING = {"offer", "propos", "tabled"}
_REJECTING = {"reject", "refus", "rule out", "ruled out", "rules out", "turned down", "turns down"}
_NEGOTIATORS = {"deleg", "negotiator", "negotiating team"}
_BODIES = {"bodies", "body", "corpses", "remains of", "dead soldiers"}  # "the remains of 6,000 soldiers"
SPELLINGS = {"ceasefire": {"cease-fire", "ceasefire", "truce"}, "prison": {"prisoner", "pow", "pows", "captive"},
             "next": {"next", "future", "upcoming"}, "lead": _LEADING, "head": _LEADING, "chief": _LEADING,
             **dict.fromkeys(("offer", "propose", "propos", "propo", "proposal", "tabl"), _PROPOSING),
             **dict.fromkeys(("reject", "rejection", "refuse", "refus", "refusal"), _REJECTING),
             "deleg": _NEGOTIATORS, "negotiator": _NEGOTIATORS,
             **dict.fromkeys(("bodi", "body", "corps"), _BODIES)}
_PASTS = {base: [past for past, b in PAST_FORMS.items() if b == base] for base in set(PAST_FORMS.values())}
_VERB_OF = {"meeting": "meet", "meetings": "meet"}  # a noun searched also as the verb it names
_VERSUS = frozenset({"vs", "versus", "v"})  # "Umerov vs Medinsky": both names, not the word "vs"
# How a question asks, not what about: "what happened in Istanbul", "prisoner swap numbers", "ceasefire details"
_ASKING = frozenset({"happen", "happens", "happened", "happening", "numbers", "figures", "details", "facts",
                       "info", "information", "statistics", "stats"})
_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”")
_OR = re.compile(r"\s+or\s+", re.IGNORECASE)
MAX_CLAUSES = 16  # "a b c or d e f" is 9 terms ((a|d) & (a|e) ...); past this, "or" is a word like any other
SHORT_WORD = 7  # letters up to which a mistyped word has one slip (a letter wrong, missing, added or swapped)
RESPELL_SCORE = 85  # rapidfuzz ratio: "cesefire" -> "ceasefire" (94), not "walks" -> "talks" (80)
RESPELL_WORDS = 4  # unknown words a question may have to be respelled
_RESPELLABLE = re.compile(r"[^\W\d_]{4,}")  # words of four letters or more: a shorter one is an abbreviation


@dataclass(frozen=True)
class Term:
    spellings: frozenset[str]
    # "US" is not the "us" of "told us": an abbreviation whose lower case is a common word
    # matches only where the text has it in capitals
    capitals: re.Pattern[str] | None = None


def search_terms(typed: str, abbreviations: frozenset[str], event_nouns: tuple[str, ...],
                 names: Mapping[str, frozenset[str]] | None = None) -> list[Term]:
    """The terms of ``typed`` (lower case, as parsed), every one of which a fact must match.

    ``abbreviations``: the words typed in capitals ("us"), searched even when they are common
    words. ``event_nouns``: what "round" also means ("the next round" is told as "future
    negotiations"). ``names``: the story's one-word spellings of a name (Story.word_spellings).
    """
    phrases = [" ".join(words(a or b)) for a, b in _QUOTED.findall(typed)]
    terms = [Term(frozenset({p})) for p in phrases if p]
    rest = undotted(_QUOTED.sub(" ", typed))  # "U.S." is the word "us"
    rest = _GROUPED.sub(lambda m: m.group(0).replace(",", ""), rest)  # "6,000" is one number, not "6" and "000"
    groups = [_words(part, abbreviations) for part in _OR.split(rest)]
    groups = [g for g in groups if g]
    if len(groups) > 1 and math.prod(map(len, groups)) <= MAX_CLAUSES:  # (a and b) or c = (a|c) and (b|c)
        for choice in product(*groups):
            terms.append(_term(choice, abbreviations, event_nouns, names))
        return terms
    return terms + [_term((word,), abbreviations, event_nouns, names) for g in groups for word in g]


def _term(either: tuple[str, ...], abbreviations: frozenset[str], event_nouns: tuple[str, ...],
          names: Mapping[str, frozenset[str]] | None = None) -> Term:
    """One term: any of the words ``either``. Where one is an abbreviation that is also a common
    word ("US or EU"), a fact's text must have it in capitals, or one of the other words."""
    spelled = {w: _spellings(w, abbreviations, event_nouns) | (names or {}).get(w, frozenset()) for w in either}
    common = {w for w in either if w in abbreviations and w in STOPWORDS}
    if not common:
        return Term(frozenset().union(*spelled.values()))
    alternatives = [_capitals(w) if w in common else f"(?i:{_any_start(spelled[w])})" for w in either]
    return Term(frozenset().union(*spelled.values()), re.compile("|".join(alternatives)))


def matcher(term: Term) -> re.Pattern[str]:
    """``term`` as a pattern over folded text (store.text.fold) that matches as the full-text
    search does: any of its spellings, from a word's start."""
    return re.compile(_any_start(term.spellings))


def _any_start(spellings: frozenset[str] | set[str]) -> str:
    """Any of ``spellings``, each as the full-text search matches it (:func:`_word_start`)."""
    return "|".join(_word_start(v) for v in sorted(spellings))


def _capitals(word: str) -> str:
    """"us" -> a pattern for "US" or "U.S." in the text, not "us"."""
    return r"\b" + r"\.?".join(word.upper()) + r"\b"


def _word_start(spelling: str) -> str:
    """A spelling as the full-text search matches it: a word's start, or whole (a short word, a
    dotted abbreviation: :func:`store.search.matched_whole`)."""
    return r"\b" + re.escape(spelling) + (r"\b" if matched_whole(spelling) else "")


_CONTRACTED = re.compile(r"'(?:s|re|ll|d|ve|m)$|n't$")  # "what's", "it's", "didn't": a function word still


def _words(text: str, abbreviations: frozenset[str]) -> list[str]:
    found = [w for w in words(text) if (_CONTRACTED.sub("", w) not in STOPWORDS or w in abbreviations)
             and w not in _VERSUS]
    rest = [w for w in found if w not in _ASKING]
    return rest or found  # "what happened in Istanbul": Istanbul


# British and American spellings of one word: initialled/initialed, recognise/recognize,
# labour/labor, centre/center, defence/defense. A search for either finds both.
_OUR = r"(?:col|lab|fav|hon|harb|neighb|behavi|rum|vig|endeav|flav|hum|arm|val|savi|od)"  # colour, labour ...
_TRE = r"(?:cent|met|lit|theat|fib)"  # centre, (kilo)metre, litre, theatre, fibre
_REGIONAL = [(re.compile(pattern), other) for pattern, other in (
    (r"^(\w{3,}[aeiou])ll(ed|ing)$", r"\1l\2"), (r"^(\w{3,}[aeiou])l(ed|ing)$", r"\1ll\2"),
    (r"^(\w{3,})is(e|ed|es|ing|ation|ations)$", r"\1iz\2"), (r"^(\w{3,})iz(e|ed|es|ing|ation|ations)$", r"\1is\2"),
    (rf"^(\w*{_OUR})our(s|ed|ing)?$", r"\1or\2"), (rf"^(\w*{_OUR})or(s|ed|ing)?$", r"\1our\2"),
    (rf"^(\w*{_TRE})re(s)?$", r"\1er\2"), (rf"^(\w*{_TRE})er(s)?$", r"\1re\2"),
    (r"^(\w*f)ence$", r"\1ense"), (r"^(\w*f)ense$", r"\1ence"))]


def regional_spellings(word: str) -> set[str]:
    """``word`` in the other side of the Atlantic's spelling, if it has one of the usual endings."""
    return {other for pattern, other_form in _REGIONAL if (other := pattern.sub(other_form, word)) != word}


# A number of four digits or more, as typed ("6000") and as copy writes it ("6,000", searched as the
# words "6" and "000"); not a year ("2025")
_GROUPED = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")


def _spellings(word: str, abbreviations: frozenset[str], event_nouns: tuple[str, ...]) -> set[str]:
    if word.isdigit() and len(word) >= 4 and not _YEAR.fullmatch(word):
        return {word, " ".join(f"{int(word):,}".split(","))}
    # "EU", "UN", "G7": a word of one or two characters is searched whole (store/search.py);
    # an abbreviation also as its dotted spelling ("us" finds "U.S.")
    found = {v for v in {word, stem(word)} | SPELLINGS.get(stem(word), set()) if len(v) > 2} or {word}
    if verb := _VERB_OF.get(word):  # "a Zelensky Putin meeting": also "ready to meet", "they met"
        found |= {verb, *_PASTS.get(verb, ())}
    base = PAST_FORMS.get(word, word)  # "led": also "lead", "leads", "leading"; "lead": also "led"
    if base in _PASTS:
        found |= {base, *_PASTS[base], *SPELLINGS.get(base, ())}
    if word in abbreviations and len(word) > 1:
        found.add(".".join(word))
    elif len(word) >= 5:
        found |= regional_spellings(word)
    if "round" in found:
        found |= set(event_nouns)
    return found


class Vocabulary:
    """The words of the coverage (lower case, folded) and how many facts use each: what a
    mistyped search word is respelled to (:func:`respelled`)."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self._sorted = sorted(counts)

    def knows(self, word: str) -> bool:
        """Whether a search for ``word`` can match: some word of the coverage starts with it or
        its stem, as the full-text search matches."""
        for start in {word, stem(word)}:
            i = bisect.bisect_left(self._sorted, start)
            if i < len(self._sorted) and self._sorted[i].startswith(start):
                return True
        return False

    def closest(self, word: str) -> str | None:
        """The coverage's word nearest ``word`` (RESPELL_SCORE or more), the more used of two as near."""
        found = process.extract(word, self._sorted, scorer=fuzz.ratio, score_cutoff=RESPELL_SCORE, limit=5)
        # a typo is a slip or two, not another word: "editors" is no "mediators" (two letters added)
        slips = 1 if len(word) <= SHORT_WORD else 2
        found = [f for f in found if OSA.distance(word, f[0]) <= slips]
        return max(found, key=lambda f: (f[1], self.counts[f[0]], f[0]))[0] if found else None


# The questions' own words for the event: read as asked, never "corrected" to the coverage's nearest
# word (a store with no round was asked for "the next round" and answered on "next around")
EVENT_WORDS = frozenset({"round", "rounds", "session", "sessions", "sitting", "sittings", "meeting", "meetings",
                         "talks", "negotiations", "hearing", "hearings"})


def respelled(typed: str, vocabulary: Vocabulary) -> dict[str, str]:
    """The words of ``typed`` (lower case, as parsed) the coverage does not know, each with the
    nearest one it does ("cesefire" -> "ceasefire"); empty when every word is known or none is near."""
    unknown = {w for w in _RESPELLABLE.findall(typed)
               if w not in STOPWORDS and w not in EVENT_WORDS and not vocabulary.knows(w)}
    if len(unknown) > RESPELL_WORDS:  # a pasted paragraph, not a mistyped question: a few ms per word
        return {}
    return {w: near for w in sorted(unknown) if (near := vocabulary.closest(w)) is not None}


def with_respellings(text: str, fixes: dict[str, str]) -> str:
    """``text`` as typed, each word of ``fixes`` replaced in the case it was typed ("Ceasfire" -> "Ceasefire")."""
    if not fixes:
        return text

    def fix(m: re.Match[str]) -> str:
        near = fixes.get(m.group(0).lower())
        if near is None:
            return m.group(0)
        return near.upper() if m.group(0).isupper() else near.capitalize() if m.group(0)[0].isupper() else near

    return _RESPELLABLE.sub(fix, text)
