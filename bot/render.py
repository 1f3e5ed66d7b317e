"""Answer -> a Slack message (Block Kit blocks plus a plain ``text`` fallback).

One module, one job: take the plain :class:`store.answers.Answer` and lay it out for Slack.
Two rules hold whatever the answer's size or content:

* Everything taken from articles (and everything a user typed, which answers echo) is
  escaped for mrkdwn: ``&``, ``<`` and ``>`` only, as Slack asks. An article containing
  ``<!channel>``, ``<@U123>`` or ``<https://x|y>`` therefore shows those characters and
  never pings anyone nor renders a link.
* The message stays inside Block Kit's limits: 50 blocks, 3000 characters per section
  text, 10 elements per context block, 150 characters of header text, 2000 characters
  per button value. What does not fit is cut with a note saying so, never dropped silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from bot.render_text import more_sources, quoted, render_text, round_header, source_line, speaker_suffix, when
from store.answers import Answer, FactItem, RoundInfo, Source
from store.text import counted

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_HEADER_CHARS = 150
MAX_BUTTON_VALUE = 2000
# Not Block Kit limits but good manners: a Slack message is read in seconds, and Slack
# refuses very long messages (msg_too_long), so the body and the fallback are capped too.
MAX_BODY_CHARS = 12000
MAX_FALLBACK_CHARS = 3000
SECTION_BUDGET = MAX_SECTION_CHARS - 100  # room for a closing note inside a section

ACTION_SHARE = "factdesk_share"
ACTION_MORE = "factdesk_more"
ACTIONS_BLOCK_ID = "factdesk_actions"

# Answers worth sharing with a channel; help and error notes are for the asker only.
SHAREABLE = {"round", "timeline", "person", "topic", "day", "latest", "sources", "people", "topics",
             "unknown_round"}

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_SAFE_URL = re.compile(r"^https?://[^\s<>|]+$")


# -- escaping and clipping ----------------------------------------------------------------------

def escape(text: str | None) -> str:
    """mrkdwn-escape text from articles or users: only ``&``, ``<``, ``>``, as Slack documents."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut ``text`` to at most ``limit`` characters, never inside an ``&amp;``-style entity."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(ellipsis))]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:] and len(cut) - amp < 6:
        cut = cut[:amp]
    return cut.rstrip() + ellipsis


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(clip(text, MAX_SECTION_CHARS))}


def _context(texts: list[str]) -> dict[str, Any]:
    return {"type": "context", "elements": [_mrkdwn(clip(t, MAX_SECTION_CHARS)) for t in texts[:MAX_CONTEXT_ELEMENTS]]}


def _header(text: str) -> dict[str, Any]:
    # plain_text is shown literally (no mentions, no links), so it needs no escaping.
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text or " ", MAX_HEADER_CHARS),
                                       "emoji": False}}


def pack(items: Iterable[str], limit: int = SECTION_BUDGET) -> list[tuple[str, int]]:
    """Join items (one per line) into as few chunks of at most ``limit`` characters as possible.

    Returns ``(chunk, number of items in it)``; an item longer than ``limit`` is clipped.
    """
    chunks: list[tuple[str, int]] = []
    current, n = "", 0
    for item in items:
        item = clip(item, limit)
        if n and len(current) + 1 + len(item) > limit:
            chunks.append((current, n))
            current, n = item, 1
        else:
            current, n = (f"{current}\n{item}" if n else item), n + 1
    if n:
        chunks.append((current, n))
    return chunks


# -- pieces of an answer ------------------------------------------------------------------------

def _cites(answer: Answer, numbers: list[int]) -> str:
    """``[1][3]``; a citation links to its article when the article has a plain http(s) URL."""
    out = []
    for n in numbers:
        url = answer.sources[n - 1].url if 0 < n <= len(answer.sources) else None
        out.append(f"<{url}|[{n}]>" if url and _SAFE_URL.match(url) else f"[{n}]")
    return "".join(out)


def fact_line(answer: Answer, f: FactItem) -> str:
    who = escape(speaker_suffix(f)) + (f" _{moment.strip()}_" if (moment := when(answer, f)) else "")
    also = f" (also {_cites(answer, [c.source for c in f.corroboration])})" if f.corroboration else ""
    tail = f"{who} {_cites(answer, f.sources)}{also}{more_sources(f.uncited)}"
    # Clip the sentence, never its citations.
    return "• " + clip(escape(quoted(f.text)), SECTION_BUDGET - len(tail) - 2) + tail


def round_line(answer: Answer, r: RoundInfo) -> str:
    line = f"*{escape(round_header(r, answer.label))}*"
    if r.outcome:
        cites = _cites(answer, r.outcome_sources)
        line += "\n" + clip(escape(r.outcome), SECTION_BUDGET - len(line) - len(cites) - 2) + " " + cites
    return line


def source_entry(s: Source) -> str:
    return f"[{s.n}] {escape(source_line(s))}"


def _source_elements(sources: list[Source]) -> list[str]:
    """At most 10 context elements naming every source (several per element when there are many)."""
    entries = [source_entry(s) for s in sources]
    if len(entries) <= MAX_CONTEXT_ELEMENTS:
        return [clip(e, SECTION_BUDGET) for e in entries]
    chunks = pack(entries)
    if len(chunks) <= MAX_CONTEXT_ELEMENTS:
        return [c for c, _ in chunks]
    shown = chunks[: MAX_CONTEXT_ELEMENTS - 1]
    listed = sum(n for _, n in shown)
    return [c for c, _ in shown] + [f"… and {len(entries) - listed} more sources"]


def _body_lines(answer: Answer) -> list[str]:
    if answer.kind == "sources":
        counts = [c for _, c in answer.items]
        return [source_entry(s) + (f" · {counted(counts[i], 'fact')}" if i < len(counts) else "")
                for i, s in enumerate(answer.sources)]
    lines = [round_line(answer, r) for r in answer.rounds]
    lines += [fact_line(answer, f) for f in answer.facts]
    lines += [f"• {escape(name)} ({count})" for name, count in answer.items]
    return lines


def title_of(answer: Answer) -> str:
    if answer.kind == "round" and answer.round is not None:
        return round_header(answer.round, answer.label)
    return answer.title


# -- buttons ------------------------------------------------------------------------------------

def button_value(query: str, page: int) -> str | None:
    """What a button needs to reproduce an answer: the question and the page (None if too long)."""
    value = json.dumps({"q": " ".join(query.split()), "p": page}, ensure_ascii=False, separators=(",", ":"))
    return value if len(value) <= MAX_BUTTON_VALUE else None


def parse_button_value(value: str) -> tuple[str, int] | None:
    try:
        data = json.loads(value)
        query, page = data["q"], int(data["p"])
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(query, str) or page < 1:
        return None
    return query, page


def _actions(answer: Answer) -> dict[str, Any] | None:
    buttons = []
    # nothing to share: "No fact mentions ...", "There is no page 9" (a channel would see only that)
    worth = bool(answer.facts or answer.rounds or answer.items)
    share = button_value(answer.query, answer.page) if answer.kind in SHAREABLE and worth else None
    if share:
        buttons.append({"type": "button", "action_id": ACTION_SHARE, "value": share,
                        "text": {"type": "plain_text", "text": "Share in channel"}})
    more = button_value(answer.query, answer.page + 1) if answer.has_more else None
    if more:
        buttons.append({"type": "button", "action_id": ACTION_MORE, "value": more,
                        "text": {"type": "plain_text", "text": f"More (page {answer.page + 1})"}})
    return {"type": "actions", "block_id": ACTIONS_BLOCK_ID, "elements": buttons} if buttons else None


# -- whole messages -----------------------------------------------------------------------------

def fallback_text(answer: Answer) -> str:
    """The plain ``text`` of the message (notifications, screen readers): render_text, escaped."""
    return clip(escape(render_text(answer)), MAX_FALLBACK_CHARS)


def render_answer(answer: Answer, *, buttons: bool = True, shared_by: str | None = None) -> dict[str, Any]:
    """``{"text": ..., "blocks": [...]}`` for any Answer kind, inside Block Kit's limits."""
    top: list[dict[str, Any]] = [_header(title_of(answer))]
    if answer.kind == "topic" and answer.round is not None:
        top.append(_context([escape(round_header(answer.round, answer.label))]))
    if answer.key_figures:
        top.append(_section("*Key figures:* " + "; ".join(escape(k) for k in answer.key_figures)))
    if answer.message:
        top += [_section(chunk) for chunk, _ in pack(escape(answer.message).split("\n"))][:3]

    bottom: list[dict[str, Any]] = []
    if answer.sources and answer.kind != "sources":
        bottom.append(_context(_source_elements(answer.sources)))
    if shared_by and _USER_ID.match(shared_by):
        bottom.append(_context([f"Shared by <@{shared_by}>"]))
    actions = _actions(answer) if buttons else None
    if actions:
        bottom.append(actions)

    lines = _body_lines(answer)
    room = MAX_BLOCKS - len(top) - len(bottom) - (1 if lines else 0) - 1  # divider, note
    body: list[dict[str, Any]] = []
    shown = used = 0
    for chunk, n in pack(lines):
        if len(body) >= room or (body and used + len(chunk) > MAX_BODY_CHARS):
            break
        body.append(_section(chunk))
        used += len(chunk)
        shown += n
    if shown < len(lines):
        body.append(_context([f"… {len(lines) - shown} more not shown here: too long for one Slack message."]))
    blocks = top + ([{"type": "divider"}] if body else []) + body + bottom
    return {"text": fallback_text(answer), "blocks": blocks}


def render_mrkdwn(text: str) -> dict[str, Any]:
    """A message of our own mrkdwn (admin replies, apologies): split into sections, not escaped."""
    chunks = [c for c, _ in pack(text.split("\n"))] or [" "]
    blocks = [_section(c) for c in chunks[: MAX_BLOCKS - 1]]
    if len(chunks) > MAX_BLOCKS - 1:
        blocks.append(_context(["… cut: too long for one Slack message."]))
    return {"text": clip(text, MAX_FALLBACK_CHARS), "blocks": blocks}
