"""Buttons on an answer: "Share in channel" and "More".

A button's value carries the question and the page (see ``bot.render.button_value``),
so the answer is reproduced from the store, not from Slack's copy of the message.
Both acknowledge at once and do the work in a job (``bot.listeners.workers``), like the
slash command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.listeners.commands import Reply, run_command, send, slack_message
from bot.listeners.workers import Job, JobRunner
from bot.render import ACTION_MORE, ACTION_SHARE, parse_button_value, render_mrkdwn

if TYPE_CHECKING:
    from slack_bolt import App

    from store.runtime import Store

EXPIRED = "That button no longer works: ask again with the slash command."


def _value(body: dict[str, Any]) -> tuple[str, int] | None:
    actions = body.get("actions") or [{}]
    return parse_button_value(str(actions[0].get("value") or ""))


def _user(body: dict[str, Any]) -> str | None:
    return (body.get("user") or {}).get("id")


def _rerun(store: Store, body: dict[str, Any], respond: Any) -> Reply | None:
    """The button's question answered again, or None (and a note) when its value is unusable."""
    parsed = _value(body)
    if parsed is None:
        send(respond, render_mrkdwn(EXPIRED), response_type="ephemeral", replace_original=False)
        return None
    query, page = parsed
    # user_id=None: buttons never run admin commands, only the typed command does.
    return run_command(store, query, page)


def more(store: Store, body: dict[str, Any], respond: Any) -> None:
    """The job behind "More": the next page, privately."""
    reply = _rerun(store, body, respond)
    if reply is not None:
        send(respond, slack_message(reply), response_type="ephemeral", replace_original=False)


def share(store: Store, body: dict[str, Any], respond: Any) -> None:
    """The job behind "Share in channel": the answer in the channel, then the private copy deleted."""
    reply = _rerun(store, body, respond)
    if reply is None:
        return
    if reply.answer is None:  # an apology is for the asker, not the channel
        send(respond, slack_message(reply), response_type="ephemeral", replace_original=False)
        return
    message = slack_message(reply, buttons=False, shared_by=_user(body))
    send(respond, message, response_type="in_channel", replace_original=False)
    # The private copy with its buttons has done its job.
    send(respond, {}, delete_original=True)


def register(app: App, store: Store, jobs: JobRunner) -> None:
    def listener(job: Job) -> Any:
        def on_action(ack: Any, body: dict[str, Any], respond: Any) -> None:
            ack()  # first: Slack wants it within 3 seconds
            jobs.submit(job, body, respond)

        return on_action

    app.action(ACTION_MORE)(listener(more))
    app.action(ACTION_SHARE)(listener(share))
