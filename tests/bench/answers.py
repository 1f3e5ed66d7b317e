"""Re-measure answers (and Slack over HTTP) on a store that is already ingested.

    python -m tests.bench.answers --db sqlite:///bench/sqlite_100000.sqlite --corpus bench/corpus_100000
    python -m tests.bench.answers --db postgresql+psycopg://postgres@127.0.0.1:5432/fd_bench_... \\
        --corpus bench/corpus_100000 --no-http --out answers.json

A 100k-article ingest takes most of an hour; a change to the query layer should not need
one to be measured. Keep the stores of a full run (``python -m tests.bench.run --keep
--work-dir DIR``), then point this at them. The schema is brought to the newest migration
first (as ``factdesk`` itself does), and the same questions, runs and HTTP load as the full
run are used (tests/bench/run.py), so the numbers compare.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tests.bench.run import bench_http, bench_latency, code_fingerprint, log


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.answers", description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="database URL of an ingested store")
    ap.add_argument("--corpus", type=Path, required=True, help="the folder it was ingested from")
    ap.add_argument("--runs", type=int, default=50, help="timed questions per kind (default 50)")
    ap.add_argument("--budget", type=float, default=120.0, help="max seconds of timed questions per kind")
    ap.add_argument("--http-requests", type=int, default=50, help="concurrent slash commands (default 50)")
    ap.add_argument("--no-http", action="store_true", help="skip the factdesk serve benchmark")
    ap.add_argument("--out", type=Path, help="also write the results here as JSON")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        ap.error(f"corpus folder not found: {args.corpus}")

    from store.runtime import open_store
    from store.settings import Settings

    t0 = time.perf_counter()
    open_store(Settings(database_url=args.db, seeds_dir=args.corpus)).close()  # migrations, once, untimed
    log(f"schema up to date in {time.perf_counter() - t0:.1f}s")
    result: dict[str, object] = {"db": args.db.split("@")[-1], "code": code_fingerprint()}
    log(f"answer latency ({args.runs} runs per kind)")
    latency = bench_latency(args.db, args.corpus, args.runs, args.budget)
    result["latency"] = latency
    if not args.no_http:
        log(f"slash commands over HTTP ({args.http_requests} concurrent)")
        result["http"] = bench_http(args.db, args.corpus, args.http_requests)
    for kind, row in latency.items():
        print(f"{kind:9s} p50 {row.get('p50_ms', '-'):>8} ms   p99 {row.get('p99_ms', '-'):>8} ms   "
              f"n {row.get('n', 0)}")
    http = result.get("http")
    if isinstance(http, dict):
        print("http", json.dumps({k: v for k, v in http.items() if k in ("ack", "ack_sequential", "answer",
                                                                         "answered", "non_200", "skipped")}))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
