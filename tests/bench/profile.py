"""Where the time goes: pyinstrument profiles of an ingest and of a batch of questions.

    python -m tests.bench.profile ingest 200            # ingest 200 synthetic articles into a fresh SQLite file
    python -m tests.bench.profile ask 10000 [--db URL]  # 50 round questions on an N-article store
                                                        #   (ingests it first unless --db points at one)
    ... [--kind round|timeline|person|topic] [--runs 50] [--html out.html] [--postgres]

Prints pyinstrument's text tree (frames under 2% hidden). Needs ``pip install pyinstrument``
(it is in the ``bench`` extra). In-process, so the numbers exclude interpreter start-up.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.run import DEFAULT_POSTGRES, POSTGRES_ENV, QUESTIONS, database, make_corpus


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.profile", description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("ingest", "ask"))
    ap.add_argument("n", type=int, help="corpus size")
    ap.add_argument("--db", help="an already ingested database (ask only)")
    ap.add_argument("--kind", default="round", choices=tuple(QUESTIONS))
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--html", type=Path, help="also write pyinstrument's HTML here")
    ap.add_argument("--postgres", action="store_true", help="a fresh PostgreSQL database instead of SQLite")
    args = ap.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is not installed: pip install pyinstrument", file=sys.stderr)
        return 2

    import os

    from store.runtime import open_store
    from store.settings import Settings

    with tempfile.TemporaryDirectory(prefix="factdesk-profile-") as tmp:
        work = Path(tmp)
        corpus = work / f"corpus_{args.n}"
        make_corpus(args.n, corpus)
        backend = "postgres" if args.postgres else "sqlite"
        pg = os.environ.get(POSTGRES_ENV, "").strip() or DEFAULT_POSTGRES
        with database(backend, work, f"profile_{args.n}", pg) as db:
            url = args.db or db.url
            store = open_store(Settings(database_url=url, seeds_dir=corpus))
            try:
                profiler = Profiler(interval=0.001)
                if args.what == "ingest":
                    profiler.start()
                    t0 = time.perf_counter()
                    report = store.ingest(corpus)
                    secs = time.perf_counter() - t0
                    profiler.stop()
                    print(f"{report.summary()}  [{secs:.2f}s, {args.n / secs:.1f} articles/s]")
                else:
                    if not args.db:
                        t0 = time.perf_counter()
                        store.ingest(corpus)
                        print(f"(ingested {args.n} articles in {time.perf_counter() - t0:.1f}s)", file=sys.stderr)
                    qs = QUESTIONS[args.kind]
                    for q in qs:
                        store.query.ask(q)  # warm
                    profiler.start()
                    t0 = time.perf_counter()
                    for i in range(args.runs):
                        store.query.ask(qs[i % len(qs)])
                    secs = time.perf_counter() - t0
                    profiler.stop()
                    print(f"{args.runs} {args.kind} questions: {secs * 1000 / args.runs:.1f} ms each on average")
            finally:
                store.close()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
