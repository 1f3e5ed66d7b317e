"""One place per Slack surface; each module exposes ``register(app, store)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.listeners import actions, commands

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.listeners.workers import JobRunner
    from store.runtime import Store


def register_listeners(app: App, store: Store, jobs: JobRunner) -> None:
    """Every listener acknowledges in the request's thread and hands its work to ``jobs``."""
    commands.register(app, store, jobs)
    actions.register(app, store, jobs)
