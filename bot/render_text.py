"""Answer -> plain text with numbered citations, for the terminal (``ask``, ``chat``) and Slack's fallback."""

from __future__ import annotations

from collections.abc import Iterable

from store.answers import Answer, FactItem, RoundInfo, Source


def round_header(r: RoundInfo, label: str = "Round") -> str:
    when = f"{r.date:%a %-d %b %Y}"
    if r.through is not None:  # a round of several days: "Mon 13 – Wed 15 May 2030"
        same_month = (r.date.year, r.date.month) == (r.through.year, r.through.month)
        when = f"{r.date:%a %-d}{'' if same_month else f' {r.date:%b}'} – {r.through:%a %-d %b %Y}"
    parts = [f"{label} {r.number}", when + (" (date inferred)" if r.date_inferred else "")]
    place = ", ".join(p for p in (r.venue_name or r.venue, r.city) if p)
    if place:
        parts.append(place)
    return " · ".join(parts)


def source_line(s: Source) -> str:
    name = s.title or s.file
    bits = [name]
    if s.title:
        bits.append(s.file)
    if s.outlet:
        bits.append(s.outlet)
    if s.date:
        bits.append(f"{s.date:%-d %b %Y}" + (" (inferred)" if s.date_inferred else ""))
    return " · ".join(bits)


def quoted(text: str) -> str:
    """A sentence cut out of a longer quotation, with the quote marks it lost put back:
    '"In talks with us, they have begun to discuss it.' gets its closing mark, 'Our task is
    to find funding," Zelensky said.' its opening one. For display only: answers' JSON keeps
    the text exactly as the article has it, which is what citations are checked against."""
    opens, closes = text.count("“"), text.count("”")
    if opens > closes:
        return text + "”"
    if closes > opens:
        return "“" + text
    if text.count('"') % 2:
        return text + '"' if text.startswith('"') else '"' + text
    return text


def speaker_suffix(f: FactItem) -> str:
    """' — Name' after a fact whose sentence does not already name who said it."""
    return f" — {f.speaker}" if f.speaker and f.speaker.split()[-1] not in f.text else ""


def when(answer: Answer, f: FactItem) -> str:
    """' (round 2, 2 Jun 2025)' after a fact of an answer whose page spans several rounds or days
    (a person, a topic, the latest facts): a statement is news only with its moment. Nothing
    when every fact on the page shares one: a round's answer names it once, in its header. A
    day's answer always says it: the day's coverage tells of earlier moments too."""
    if answer.kind != "round" and f.background and f.round is None and f.date is None:
        return " (background)"  # the 2022 draft's terms, undated, read as this week's news
    moments = {(g.round, g.date) for g in answer.facts}
    if answer.kind == "round" or (len(moments) < 2 and answer.kind != "day") or (f.round is None and f.date is None):
        return ""
    day = f"{f.date:%-d %b %Y}" if f.date else ""
    return f" ({', '.join(p for p in (f'{answer.label.lower()} {f.round}' if f.round else '', day) if p)})"


def cite(numbers: Iterable[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def cite_with_also(numbers: Iterable[int], also: Iterable[int]) -> str:
    """``[1] (also [2])``: the articles that say it in these words, then those that tell it in
    others. Cited side by side, a paraphrase reads as a source of words it never wrote."""
    others = cite(also)
    return cite(numbers) + (f" (also {others})" if others else "")


def more_sources(uncited: int) -> str:
    """' +26 more' after the citations of a fact that more articles tell than are cited."""
    return f" +{uncited} more" if uncited > 0 else ""


def render_text(answer: Answer) -> str:
    lines: list[str] = []
    if answer.round is not None and answer.kind == "round":
        lines.append(round_header(answer.round, answer.label))
    else:
        lines.append(answer.title)
    if answer.round is not None and answer.kind == "topic":
        lines.append(round_header(answer.round, answer.label))
    if answer.key_figures:
        lines.append("Key figures: " + "; ".join(answer.key_figures))
    if answer.message:
        lines.append(answer.message)
    for r in answer.rounds:
        line = f"- {round_header(r, answer.label)}"
        if r.outcome:
            line += f"\n    {r.outcome} {cite(r.outcome_sources)}"
        lines.append(line)
    for i, f in enumerate(answer.facts, 1):
        cited = cite_with_also(f.sources, [c.source for c in f.corroboration])
        lines.append(f"{i}. {quoted(f.text)}{speaker_suffix(f)}{when(answer, f)} {cited}{more_sources(f.uncited)}")
    for name, count in answer.items:
        lines.append(f"- {name} ({count})")
    if answer.sources:
        lines.append("Sources:")
        lines += [f"[{s.n}] {source_line(s)}" for s in answer.sources]
    if answer.has_more:
        lines.append(f"(more: page {answer.page + 1})")
    return "\n".join(lines)
