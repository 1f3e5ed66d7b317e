"""The story's vocabulary, loaded from one TOML file (see ``store/story.toml``).

Extraction and answers consult this object instead of hard-coding words, so the same
code can follow another story by pointing ``FACTDESK_STORY_FILE`` at another file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from store.text import fold

DEFAULT_STORY_FILE = Path(__file__).with_name("story.toml")


@dataclass(frozen=True, eq=False)
class Story:
    name: str
    command: str = "/talks"
    event_label: str = "Round"
    max_gap_days: int = 240
    event_nouns: tuple[str, ...] = ("talks", "negotiations", "round")
    side_meeting_words: tuple[str, ...] = ("technical", "technical-level", "expert", "expert-level", "working-level",
                                           "preparatory")
    # Words one of which every article of the story names ("coalition", "Halvorsen"): an article naming
    # none is other news in the folder (a football club's "talks", a chess "round 5"). Empty: all are.
    story_words: tuple[str, ...] = ()
    venue_words: tuple[str, ...] = ("palace", "hotel")
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    alias_index: dict[str, str] = field(default_factory=dict, repr=False)
    venue_set: frozenset[str] = field(default=frozenset(), repr=False)  # venue_words, for membership tests
    # a one-word spelling -> every one-word spelling of its name: a search for "Kiev" finds "Kyiv"
    word_spellings: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for canon, variants in self.aliases.items():
            index[fold(canon)] = canon
            for v in variants:
                index[fold(v)] = canon
        object.__setattr__(self, "alias_index", index)
        spellings: dict[str, frozenset[str]] = {}
        for canon, variants in self.aliases.items():
            single = frozenset(f for f in map(fold, (canon, *variants)) if f and " " not in f)
            spellings.update((w, single) for w in single if len(single) > 1)
        object.__setattr__(self, "word_spellings", spellings)
        object.__setattr__(self, "venue_set", frozenset(self.venue_words))

    def names_story(self, text: str) -> bool:
        """Whether ``text`` names one of :attr:`story_words` (true when there are none)."""
        if not self.story_words:
            return True
        return _story_words(self).search(fold(text)) is not None

    def canonical(self, name: str) -> str:
        """The canonical spelling of a name (the name itself when no alias is known)."""
        return self.alias_index.get(fold(name), name)


@cache
def _story_words(story: Story) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(fold(w)) for w in story.story_words) + r")\b")


def load_story(path: Path | None = None) -> Story:
    data = tomllib.loads((path or DEFAULT_STORY_FILE).read_text(encoding="utf-8"))
    aliases = {k: tuple(v) for k, v in data.pop("aliases", {}).items()}
    tuples = {k: tuple(v) for k, v in data.items() if isinstance(v, list)}
    scalars = {k: v for k, v in data.items() if not isinstance(v, list)}
    return Story(**scalars, **tuples, aliases=aliases)
