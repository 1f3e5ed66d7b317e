"""Step 5: who said it (the speaker) and which outlet carried it (the attribution).

A speaker is the person tied to a speech verb ("Umerov said", "said Zelensky",
"according to Medinsky"); a pronoun ("He told Al Jazeera") resolves to the last person
named in the article. The attribution is the outlet a sentence cites in its own words
("told AFP", "reports UNN", "Ukrinform reports", "CNN reported").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from store.extract.entities import ORG_WORDS, TITLES, NameMemory, find_entities, organisations_named
from store.story import Story
from store.text import Caseless, fold

SPEECH = (r"said|says|told|tells|stated|states|added|adds|noted|notes|stressed|emphasized|emphasised|"
          r"insisted|warned|explained|continued|answered|responded|replied|wrote|announced|declared|"
          r"confirmed|urged|argued|claimed|admitted|asked|quoted|reported|described|"
          # proposing or demanding is saying: "Umerov proposed to hold the talks before the end of August"
          r"proposed|proposes|suggested|suggests|offered|demanded|demands")
_SPEECH = re.compile(rf"\b(?:{SPEECH})\b")
_ACCORDING = re.compile(r"\baccording to\s+")  # run over folded text: lower case already
# A reporter who relays what a source said is no speaker: the source is ("according to ...")
_REPORTER = re.compile(r"\b(?:journalist|correspondent|reporter|columnist)\s+(?:[\w'’-]+\s+){0,2}$")
_QUOTE = re.compile(r"[“\"][^”\"]{8,}[”\"]")
_QUOTED = re.compile(r'"[^"]*"')  # a quotation, in folded text (typographic marks folded to '"')
# A name right after a preposition is an object, not who speaks: "criticism from Zelensky", "a mandate
# from Putin", "a spokesman for Zelensky said" ("by" is left out: "was stated by Umerov" is Umerov)
_OBJECT_OF = re.compile(r"\b(?:from|of|to|with|at|against|about|on|for|towards?|over|than|like)\s+(?:the\s+)?"
                        r"(?:[a-z][\w'-]*\s+){0,2}$")
# A name in a clause about some of the things the sentence lists speaks there, not in the sentence: "the
# memorandum calls for a freeze and a halt, both of which Russian President Vladimir Putin had previously
# proposed" (but "a letter in which Elena Marsh warned", "a clause, which Ibanez described as 'green
# protectionism'" are their words)
_RELATIVE_SUBJECT = re.compile(r"\b(?:both|all|each|either|neither|none|some|most|one)\s+of\s+(?:which|whom)\s+"
                               r"(?:[a-z][\w'-]*\s+){0,4}$")
_OPENS_WITH_PRONOUN = Caseless(r"^(?:(?:but|and|yet|still|however,?)\s+)?(?:he|she)\s")
_PRONOUN = Caseless(r"\b(he|she)\s+(?:also\s+)?(?:" + SPEECH + r")\b")
_ATTR_TEMPLATES = [
    r"\b(?:told|tells|telling)\s+(?:the\s+)?{org}",
    r"\b(?:reports?|reported|according to|citing|quoted by|carried by|published by)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){{0,4}}?{org}",
    r"{org}\s+(?:reports?|reported|said|says|quoted|cited)\b",
    r"\bby\s+(?:[\w-]+\s+){{0,4}}{org}\b",
]


@dataclass
class Speech:
    speaker: str | None
    attribution: str | None
    is_quote: bool


@cache
def _attribution_patterns(story: Story, org: str) -> list[re.Pattern[str]]:
    return [re.compile(t.format(org=re.escape(org))) for t in _ATTR_TEMPLATES]


def find_attribution(text: str, story: Story) -> str | None:
    """The outlet the sentence cites in its own words ("told AFP"), from the story's organisations."""
    for org in organisations_named(text, story):  # only outlets named at all are tried
        if any(p.search(text) for p in _attribution_patterns(story, org)):
            return org
    return None


@lru_cache(maxsize=1024)  # a person's spellings are looked for in sentence after sentence
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}\b")


def _spellings(person: str, story: Story) -> set[str]:
    """Folded ways a person may be written: full name, surname, and the story's aliases."""
    names = {person, *story.aliases.get(person, ())}
    return {fold(n) for n in names} | {fold(n.split()[-1]) for n in names}


def _gap(between: str) -> int:
    """How far a name after a speech verb is from it, not counting the titles and institutional
    words between them: '"...," emphasized the head of the Presidential Office Andriy Yermak' puts
    the name 37 characters after the verb, and one word ("presidential") of it is not a title."""
    if len(between) <= 40:
        return len(between)
    return sum(len(w) + 1 for w in between.split() if w not in TITLES and w not in ORG_WORDS)


# "Rustem Umerov, the defense minister and chief negotiator for Ukraine, told reporters": a name, its
# apposition between commas, then the verb
_APPOSITION = re.compile(r"\s*,[^,;:\"]{1,120},\s*")


def _before(folded: str, name_end: int, verb_start: int) -> int:
    """How far a name before a speech verb is from it: an apposition between them counts nothing."""
    if _APPOSITION.fullmatch(folded, name_end, verb_start):
        return 1
    return verb_start - name_end


def labelled_speaker(label: str, story: Story, memory: NameMemory) -> str | None:
    """The person a transcript's label names: "SPECIAL ENVOY OKAFOR" is Margaret Okafor when the
    article named her in full, else Okafor; "MODERATOR" is no one."""
    named = find_entities(label.title(), story, memory).people
    return named[0] if len(named) == 1 else None


def find_speech(text: str, people: list[str], memory: NameMemory, story: Story,
                antecedent: str | None = None) -> Speech:
    """``antecedent``: the person a "he said" opening the sentence stands for, the last named
    before it (by default ``memory.last_person``, which this sentence's own names may have moved)."""
    is_quote = bool(_QUOTE.search(text))
    attribution = find_attribution(text, story)
    speaker: str | None = None
    folded = fold(text)  # offsets below all refer to the folded text
    verbs = [(m.start(), m.end()) for m in _SPEECH.finditer(folded)]
    # most sentences hold no "according to": a substring test is a quarter of the pattern's scan
    according = [m.end() for m in _ACCORDING.finditer(folded)] if "according to" in folded else []
    if people and (verbs or according):
        # the person named nearest a speech verb ("Umerov said", "said Zelensky") or after "according to",
        # under any spelling the story knows ("Zelenskyy said" is Zelensky speaking). Not a name
        # quoted ('"... Putin continues to undermine diplomacy," he added'), nor one a preposition
        # makes an object ("he pushed criticism from Zelensky and insisted")
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(folded)] if '"' in folded else []
        best: tuple[int, str] | None = None
        for person in people:
            for part in _spellings(person, story):
                for m in _whole_word(part).finditer(folded):
                    if any(a < m.start() < b for a, b in quoted):
                        continue
                    if according and _REPORTER.search(folded, max(0, m.start() - 25), m.start()):
                        continue  # "according to a diplomatic source, ..., Axios journalist Barak Ravid reported"
                    if _RELATIVE_SUBJECT.search(folded, max(0, m.start() - 50), m.start()):
                        continue
                    object_of = _OBJECT_OF.search(folded, max(0, m.start() - 30), m.start()) is not None
                    dists = [] if object_of else [_before(folded, m.end(), v0) if v0 >= m.end()
                                                  else _gap(folded[v1:m.start()]) + 5 for v0, v1 in verbs]
                    dists += [0 for a in according if 0 <= m.start() - a <= 40]
                    near = min((d for d in dists if d <= 40), default=None)
                    if near is not None and (best is None or near < best[0]):
                        best = (near, person)
        if best:
            speaker = best[1]
    if speaker is None and (_PRONOUN.found(text) or (verbs and _OPENS_WITH_PRONOUN.found(text))):
        speaker = antecedent or memory.last_person  # "He told Al Jazeera"; "But he ... insisted that"
    if speaker:
        memory.last_person = speaker
    return Speech(speaker=story.canonical(speaker) if speaker else None, attribution=attribution,
                  is_quote=is_quote)
