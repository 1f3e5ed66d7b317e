"""Text normalisation shared by extraction, deduplication and queries."""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

# Characters a web page or a word processor leaves in copy that no reader sees: a zero-width
# space or a soft hyphen inside "Kys\u200blytsya" split the name in two ("Sergiy Kys").
# So are the marks that set the direction of Arabic or Hebrew in a line: "round 2\u200e" was not understood.
DIRECTION_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u2060\ufeff\u00ad" + DIRECTION_MARKS))
_NARROW = "\u00a0\u2007\u2009\u200a\u202f"  # no-break, figure, thin, hair, narrow no-break
# "6 000" grouped with a no-break or thin space (European and French copy, &nbsp; in pages):
# read as one number, not "000 soldiers". A plain space stays ambiguous ("in 2025 300 ...").
_GROUPED = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:[{_NARROW}]\d{{3}})+(?![\d])")
_WIDE = re.compile(rf"[{_NARROW}\u2002\u2003\u2008\u205f\u3000]")


def tidy(text: str) -> str:
    """An article's text as extraction reads it: invisible characters dropped, numbers grouped
    by a narrow space written with commas, and every other special space a plain one (the
    extractors' patterns name a plain space: "Mr\u00a0Umerov" was no name)."""
    text = text.translate(_INVISIBLE)
    if text.isascii():
        return text
    text = _GROUPED.sub(lambda m: _WIDE.sub(",", m.group()), text)
    return _WIDE.sub(" ", text)


# Control characters and halves of a character a terminal or a pipe can put in a question ("round 2\x00",
# bytes not UTF-8 read as "\udcff")
_TYPED_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_question(text: str) -> str:
    """A question as the parser reads it: what :func:`tidy` drops from articles, and control characters."""
    return _TYPED_JUNK.sub(" ", tidy(text))


@lru_cache(maxsize=4096)  # one sentence is folded by five extractors in turn, a name many times
def fold(text: str) -> str:
    """Lower-case ASCII form used to compare spellings (Çırağan -> ciragan, Kyiv stays kyiv)."""
    if text.isascii():  # unidecode's per-character work is for the rest
        return _SPACE.sub(" ", text.lower()).strip()
    return _SPACE.sub(" ", unidecode(text.translate(_QUOTES)).lower()).strip()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def clipped(text: str, limit: int = 60) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis: a question pasted
    whole (a paragraph of an article) was repeated in full as the answer's title."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:-") + "…"


def counted(n: int, noun: str) -> str:
    """"1 fact", "2 facts": counts in messages and logs read as English ("posted 1 facts" did not)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_CLASS_ESCAPE = re.compile(r"\\[A-Za-z]")  # \b, \d, \S ...: not letters of the pattern


class Caseless:
    """A case-insensitive pattern, matched without ``re.IGNORECASE`` on ASCII text.

    Under IGNORECASE, ``re`` lowers every character it compares and cannot skip ahead to a
    possible first letter: the sentence-wide word patterns of extraction ran 3-4 times slower
    than the same patterns case-sensitive over ``text.lower()``. For ASCII text the two find
    the same spans: lowering ASCII keeps every length and word boundary, and an ASCII letter
    matches only itself and its other case. Other text ("Çırağan": IGNORECASE lets "ı" match
    "i") is matched with IGNORECASE, as before. Hence the pattern must be written in lower case
    with no cased letter outside ASCII; and the matched text of the fast path is lowered, so
    only tests, counts and spans are offered (slice the original text for the words).
    """

    __slots__ = ("ignorecase", "lowered")

    def __init__(self, pattern: str) -> None:
        letters = _CLASS_ESCAPE.sub("", pattern)
        self.ignorecase = re.compile(pattern, re.IGNORECASE)
        # A pattern built from data (a story's words) that breaks the rule above just stays slow.
        plain = letters == letters.lower() and all(c.isascii() or c.lower() == c.upper() for c in letters)
        self.lowered = re.compile(pattern) if plain else None

    def _pick(self, text: str) -> tuple[re.Pattern[str], str]:
        if self.lowered is not None and text.isascii():
            return self.lowered, text.lower()
        return self.ignorecase, text

    def found(self, text: str) -> bool:
        """Whether the pattern occurs in ``text`` (``re.search``)."""
        pattern, text = self._pick(text)
        return pattern.search(text) is not None

    def count(self, text: str) -> int:
        """How many non-overlapping matches ``text`` holds (``len(re.findall(...))``)."""
        pattern, text = self._pick(text)
        return len(pattern.findall(text))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each non-overlapping match, in order (``re.finditer``)."""
        pattern, text = self._pick(text)
        return [m.span() for m in pattern.finditer(text)]
