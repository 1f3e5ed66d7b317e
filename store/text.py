"""Text normalisation shared by extraction, deduplication and queries."""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@lru_cache(maxsize=4096)  # one sentence is folded by five extractors in turn, a name many times
def fold(text: str) -> str:
    """Lower-case ASCII form used to compare spellings (Çırağan -> ciragan, Kyiv stays kyiv)."""
    if text.isascii():  # unidecode's per-character work is for the rest
        return _SPACE.sub(" ", text.lower()).strip()
    return _SPACE.sub(" ", unidecode(text.translate(_QUOTES)).lower()).strip()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))
