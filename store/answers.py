"""Plain answer objects: what the query layer hands to every renderer (terminal, JSON, Slack).

No SQLAlchemy and no Slack here, so the renderers cannot reach back into the store
and the store cannot leak presentation concerns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Source:
    """One article cited by an answer; ``n`` is its citation number within the answer."""

    n: int
    file: str
    title: str | None
    outlet: str | None
    date: dt.date | None
    date_inferred: bool
    url: str | None
    article_id: int


@dataclass
class Corroboration:
    """Another article stating the same fact in its own words (its own sentence kept)."""

    source: int  # citation number
    file: str
    text: str


@dataclass
class FactItem:
    text: str
    sources: list[int]  # citation numbers of the articles where this very text stands
    corroboration: list[Corroboration] = field(default_factory=list)
    round: int | None = None
    date: dt.date | None = None
    speaker: str | None = None
    attribution: str | None = None
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    figures: list[dict[str, str]] = field(default_factory=list)
    n_sources: int = 1
    score: float = 0.0
    fact_id: int = 0
    group_id: int | None = None
    background: bool = False  # of an earlier time than the story's, with no date of its own

    @property
    def all_sources(self) -> list[int]:
        return self.sources + [c.source for c in self.corroboration if c.source not in self.sources]

    @property
    def uncited(self) -> int:
        """Articles that tell this fact too but are not cited (ranking.CITED_PER_FACT): counted, not listed."""
        return max(0, self.n_sources - len(self.all_sources))


@dataclass
class RoundInfo:
    number: int
    date: dt.date
    date_inferred: bool
    venue: str | None  # as the sources spell it
    city: str | None
    venue_name: str | None = None  # the story's canonical spelling, for display
    outcome: str | None = None
    outcome_sources: list[int] = field(default_factory=list)
    n_facts: int = 0
    through: dt.date | None = None  # the last day of a round of several days


@dataclass
class Answer:
    """kind: round | timeline | person | topic | day | latest | sources | people | topics | help |
    unknown_round | empty | not_understood | error."""

    kind: str
    query: str
    title: str
    label: str = "Round"
    round: RoundInfo | None = None
    rounds: list[RoundInfo] = field(default_factory=list)
    facts: list[FactItem] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    message: str | None = None
    items: list[tuple[str, int]] = field(default_factory=list)  # people / topics lists: (name, count)
    key_figures: list[str] = field(default_factory=list)
    page: int = 1
    has_more: bool = False

    def source(self, n: int) -> Source:
        return self.sources[n - 1]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def to_json(answer: Answer) -> dict[str, Any]:
    """The JSON shape of ``factdesk ask --json`` (fields read by ../shared/eval/score.py and more)."""
    def source_json(n: int) -> dict[str, Any]:
        s = answer.source(n)
        return {"n": s.n, "file": s.file, "title": s.title, "outlet": s.outlet, "date": s.date,
                "date_inferred": s.date_inferred, "url": s.url}

    def round_json(r: RoundInfo) -> dict[str, Any]:
        return asdict(r) | {"label": f"{answer.label} {r.number}"}

    facts = []
    for f in answer.facts:
        facts.append({
            "text": f.text, "round": f.round, "date": f.date, "speaker": f.speaker,
            "attribution": f.attribution, "people": f.people, "places": f.places, "figures": f.figures,
            "sources": [source_json(n) for n in f.sources],
            "corroboration": [{"file": c.file, "text": c.text, "source": source_json(c.source)}
                              for c in f.corroboration],
            "n_sources": f.n_sources, "score": round(f.score, 3), "fact_id": f.fact_id,
            "background": f.background,
        })
    out: dict[str, Any] = {
        "kind": answer.kind, "query": answer.query, "title": answer.title, "message": answer.message,
        "round": round_json(answer.round) if answer.round else None,
        "rounds": [round_json(r) for r in answer.rounds],
        "facts": facts, "key_figures": answer.key_figures,
        "sources": [source_json(s.n) for s in answer.sources],
        "items": [{"name": n, "count": c} for n, c in answer.items],
        "page": answer.page, "has_more": answer.has_more,
    }
    return _jsonable(out)
