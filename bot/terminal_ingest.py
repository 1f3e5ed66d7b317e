"""Ingests started from a terminal: ``factdesk ingest``, and the first question or digest of a
fresh checkout. They wait for a scan or reindex under way (the ingest lease) and say so, and
show progress only on a terminal. Shared by the CLI and the digest, so it lives in neither."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from store.ingest import IngestReport
from store.leases import LeaseBusy, LeaseInfo
from store.runtime import Store


def _progress(stream) -> object:  # type: ignore[no-untyped-def]
    """A one-line progress display, only on a terminal (logs and pipes stay clean)."""
    if not stream.isatty():
        return None

    def show(i: int, total: int, name: str) -> None:
        stream.write(f"\r\033[K[{i}/{total}] {name[:60]}")
        if i == total:
            stream.write("\r\033[K")
        stream.flush()

    return show


def _waiting(holder: LeaseInfo) -> None:
    print(f"factdesk: waiting for the ingest under way ({holder.holder}) to finish...", file=sys.stderr)


# Set by SIGTERM (bot/cli.py) while an ingest by hand runs: it stops after the file it is storing, commits,
# records its run and gives the lease back. Raised in the middle of a statement instead, the interruption
# could leave SQLite's write lock held while the lease was released: "database is locked", the lease kept
# for its whole time, and the next ingest waiting for it.
STOP = threading.Event()
INGESTING = threading.Event()


def ingest_by_hand(store: Store, folder: Path | None = None) -> IngestReport | None:
    """An ingest after any scan or reindex under way (None, with a message, when it never ended)."""
    INGESTING.set()
    try:
        return store.ingest_alone(folder, on_wait=_waiting, progress=_progress(sys.stderr), retry_failed=True,
                                  stop=STOP.is_set)
    except LeaseBusy as exc:
        print(f"factdesk: another ingest or a reindex is still running after {store.settings.ingest_wait} s "
              f"({exc}); try again later, or raise FACTDESK_INGEST_WAIT", file=sys.stderr)
        return None
    finally:
        INGESTING.clear()


def ensure_ingested(store: Store) -> None:
    """A fresh checkout answers right away: the first question ingests the folder."""
    if store.never_ingested() and store.settings.seeds_dir.is_dir():
        report = ingest_by_hand(store)
        if report is not None:
            print(f"(first run: ingested {store.settings.seeds_dir}: {report.summary()})", file=sys.stderr)
    elif store.never_ingested():
        print(f"(the watched folder {store.settings.seeds_dir} is not found: set FACTDESK_SEEDS_DIR)", file=sys.stderr)
