"""The slash command (``/talks`` by default: the story's ``command``).

:func:`run_command` is the one command handler: command text + page -> a :class:`Reply`
(an Answer, or mrkdwn for admin replies and apologies). Slack (here and in
``actions.py``) and ``factdesk chat`` both go through it, and only the rendering differs.

The Slack listener acknowledges at once in the request's thread (``ack()``, then the job is
handed over: well inside Slack's 3 s) and :func:`answer_command` answers as a *job*
(``bot.listeners.workers``: a worker process under ``factdesk serve``), posting through the
``response_url`` with ``respond()``. The HTTP 200 / envelope ack goes out as soon as the
listener returns, whatever the job is doing.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.listeners.workers import JobRunner
from bot.render import render_answer, render_mrkdwn
from bot.render_text import render_text
from store.answers import Answer
from store.questions import parse_question

if TYPE_CHECKING:
    from slack_bolt import App

    from store.runtime import Store

log = logging.getLogger(__name__)

ADMIN_KINDS = ("reindex", "status")


@dataclass
class Reply:
    """What a command produced: an Answer to render, or ready mrkdwn (admin reply, apology)."""

    answer: Answer | None = None
    mrkdwn: str | None = None
    error_ref: str | None = None


# Answers are CPU-bound Python: more of them at once than there are cores only slows every
# one down, and starves the threads that must acknowledge new commands within 3 seconds.
ANSWERING = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))


def apology(ref: str) -> str:
    return (f":warning: Sorry, something went wrong on our side and there is no answer this time. "
            f"If it happens again, tell the Factdesk admins and quote reference `{ref}`.")


def run_command(store: Store, text: str, page: int = 1, *, user_id: str | None = None) -> Reply:
    """Command text + page -> Reply. Never raises: an internal error becomes an apology with a
    reference id, and the details go to the log under the same reference.

    Admin words (``reindex``, ``status``) go to ``bot.admin.handle_admin`` when a Slack user
    asks (``user_id`` given); without one (the terminal) the query layer explains them.
    """
    try:
        question = parse_question(text)
        if question.kind in ADMIN_KINDS and user_id:
            from bot.admin import handle_admin  # written elsewhere; imported only when needed

            return Reply(mrkdwn=handle_admin(store, user_id, question.kind))
        with ANSWERING:
            return Reply(answer=store.query.ask(text, page=max(1, page)))
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("command failed [ref %s]: text=%r page=%s user=%s", ref, text, page, user_id)
        return Reply(mrkdwn=apology(ref), error_ref=ref)


def slack_message(reply: Reply, *, buttons: bool = True, shared_by: str | None = None) -> dict[str, Any]:
    """Reply -> ``{"text", "blocks"}`` for Slack."""
    if reply.answer is not None:
        return render_answer(reply.answer, buttons=buttons, shared_by=shared_by)
    return render_mrkdwn(reply.mrkdwn or "")


def terminal_text(reply: Reply) -> str:
    """Reply -> plain text for the terminal."""
    if reply.answer is not None:
        return render_text(reply.answer)
    return reply.mrkdwn or ""


def send(respond: Any, message: dict[str, Any], **options: Any) -> None:
    """Post through the response_url; a failure is logged (there is nobody else to tell)."""
    try:
        resp = respond(**message, **options)
    except Exception:
        log.exception("could not post to the response_url")
        return
    status = getattr(resp, "status_code", 200)
    if status != 200:
        log.warning("response_url answered HTTP %s: %s", status, str(getattr(resp, "body", ""))[:200])


# Slack's markup in what a user typed: <@U123|name>, <#C123|general>, <https://x|label>, <!here>
_MARKUP = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")


def typed_text(text: str) -> str:
    """What the user typed, from the command text Slack sends. Slack escapes ``&``, ``<`` and
    ``>`` in it ("topic Rubio &amp; Zelensky" searched for the word "amp" and found nothing) and
    may send mentions and links as markup: a mention or link becomes its label (the name,
    "#general", the link's text or address), and a special mention (``<!here>``) nothing."""
    def label(m: re.Match[str]) -> str:
        sigil, target, shown = m.groups()
        if sigil == "!":
            return ""
        if shown:
            return shown if sigil != "#" or shown.startswith("#") else f"#{shown}"
        return "" if sigil else target  # a bare user id says nothing; a bare link is its address

    return _MARKUP.sub(label, text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def answer_command(store: Store, command: dict[str, Any], respond: Any) -> None:
    """The job behind ``/talks``: answer privately (ephemeral) through the response_url."""
    reply = run_command(store, typed_text(command.get("text") or ""), user_id=command.get("user_id"))
    send(respond, slack_message(reply), response_type="ephemeral")


def _acknowledgement(store: Store, command: dict[str, Any]) -> dict[str, Any]:
    """The ack's own words: none for a question (its answer follows in a moment), a note that a
    long admin job has started (:func:`bot.admin.acknowledgement`)."""
    try:
        kind = parse_question(typed_text(command.get("text") or "")).kind
    except Exception:  # the job will say what went wrong; the ack must go out regardless
        return {}
    if kind not in ADMIN_KINDS:
        return {}
    from bot.admin import acknowledgement

    text = acknowledgement(store.settings, command.get("user_id"), kind)
    return {"text": text} if text else {}


def register(app: App, store: Store, jobs: JobRunner) -> None:
    def on_command(ack: Any, command: dict[str, Any], respond: Any) -> None:
        # Slack wants the ack within 3 seconds: only the command's words are read before it (no
        # database). The job gets a plain copy of the form fields, which crosses to a worker
        # process as it is.
        ack(**_acknowledgement(store, command))
        jobs.submit(answer_command, dict(command), respond)

    app.command(store.story.command)(on_command)
