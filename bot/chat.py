"""``factdesk chat``: try the bot in a terminal.

Each line goes through the same command handler as the slash command
(``bot.listeners.commands.run_command``) and the answer is printed as plain text.
``more`` shows the next page of the last answer; ``quit``, ``exit`` or end of input leaves.
Works with a pipe as well as a terminal: ``printf 'round 2\\nquit\\n' | factdesk chat``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TextIO

from bot.listeners.commands import run_command, terminal_text
from store.runtime import Store

QUIT = {"quit", "exit", "q", ":q"}
MORE = {"more", "next"}


def _lines(stdin: TextIO, stdout: TextIO, prompt: str) -> Iterator[str]:
    interactive = stdin is sys.stdin and stdin.isatty() and stdout is sys.stdout
    while True:
        if interactive:
            try:
                yield input(prompt)
            except EOFError:
                print(file=stdout)
                return
        else:
            line = stdin.readline()
            if not line:
                return
            yield line


def run_chat(store: Store, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    command = store.story.command
    if stdin.isatty():
        print(f"Factdesk chat: ask what {command} would answer (try `help` or `round 2`); "
              "`more` for the next page, `quit` to leave.", file=stdout)
    last: tuple[str, int] | None = None
    ended: str | None = None  # the last question asked, once its last page is shown
    for raw in _lines(stdin, stdout, f"{command}> "):
        text = raw.strip()
        if not text:
            continue
        if text.lower() in QUIT:
            break
        page = 1
        if text.lower().rstrip("?!. ") in MORE:  # "more?"
            if last is None:
                print(f"That was all for “{ended}”: there is no next page.\n" if ended else
                      "Nothing to continue: ask a question first.\n", file=stdout, flush=True)
                continue
            text, page = last[0], last[1] + 1
        reply = run_command(store, text, page)
        more = reply.answer is not None and reply.answer.has_more
        last, ended = ((text, page), None) if more else (None, text)
        print(terminal_text(reply) + "\n", file=stdout, flush=True)
    return 0
