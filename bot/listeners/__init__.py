"""One place per Slack surface; each module exposes ``register(app, store)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.listeners import actions, commands

if TYPE_CHECKING:
    from slack_bolt import App

    from store.runtime import Store


def register_listeners(app: App, store: Store) -> None:
    commands.register(app, store)
    actions.register(app, store)
