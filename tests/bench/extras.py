"""Answer latency of the questions outside issue #6's four timed kinds, on an ingested store.

    python -m tests.bench.extras --db sqlite:///bench/sqlite_100000.sqlite --corpus bench/corpus_100000

Days, searches no fact fully matches (up to RELAXED_SEARCHES searches each), "or" and quoted
phrases, abbreviations, the people, topics and sources of one round, second pages of the lists,
"latest", mistyped searches (respelled from the newest coverage's words), what comes next and "latest on" a
topic or person. Same harness as the
timed kinds (``bench_latency``: a first call, reported apart, then ``--runs`` calls per kind),
so the numbers compare; no target applies to them. Results in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tests.bench.run import bench_latency, log

EXTRA_QUESTIONS: dict[str, tuple[str, ...]] = {
    "day": ("2 June", "what happened on June 3?"),
    "topic on a day": ("ceasefire on 2 June",),
    "person on a day": ("what did Kovalenko say on 2 June",),
    "abbreviation": ("topic US",),
    "or, phrase": ("ceasefire OR prisoners", '"prisoner swap"'),
    "most words": ("ceasefire zanzibar", "Istanbul talks zanzibar outcome"),
    "lists of a round": ("people round 2", "topics round 2", "sources round 2"),
    "lists, page 2": ("people page 2", "topics page 2"),
    "latest": ("latest", "any news?"),
    "mistyped": ("cesefire", "Kovalenko ceasfire"),
    "what comes next": ("what's next?", "when is the next round?"),
    "latest on": ("latest on the ceasefire", "any news about Kovalenko?"),
}


def bench_extras(db_url: str, corpus_dir: Path, runs: int = 20, budget_s: float = 60.0) -> dict[str, Any]:
    return bench_latency(db_url, corpus_dir, runs, budget_s, questions=EXTRA_QUESTIONS)


def table(result: dict[str, Any]) -> str:
    lines = ["| kind | questions (answer kind, first call ms) | p50 ms | p99 ms | runs |", "|---|---|---:|---:|---:|"]
    for kind, row in result.items():
        firsts = "; ".join(f"`{q}` ({row['answer_kinds'][q]}, {ms})" for q, ms in row["first_call_ms"].items())
        lines.append(f"| {kind} | {firsts} | {row.get('p50_ms', '-')} | {row.get('p99_ms', '-')} | {row.get('n', 0)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.extras", description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="database URL of an ingested store")
    ap.add_argument("--corpus", type=Path, required=True, help="the folder it was ingested from")
    ap.add_argument("--runs", type=int, default=20, help="timed questions per kind (default 20)")
    ap.add_argument("--out", type=Path, help="also write the results here as JSON")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        ap.error(f"corpus folder not found: {args.corpus}")
    log(f"extra question kinds ({args.runs} runs per kind)")
    result = bench_extras(args.db, args.corpus, args.runs)
    print(table(result))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
