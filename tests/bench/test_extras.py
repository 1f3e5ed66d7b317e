"""Smoke test of the extra question kinds' benchmark: the seeds, SQLite, a few runs. It
checks that every kind is timed and answered as that kind of question; no time thresholds."""
from __future__ import annotations

from pathlib import Path

from store.runtime import open_store
from store.settings import Settings
from tests.bench.extras import EXTRA_QUESTIONS, bench_extras, table
from tests.conftest import SEEDS, copy_folder


def test_every_extra_kind_is_timed_and_answered(tmp_path: Path) -> None:
    corpus = copy_folder(SEEDS, tmp_path / "seeds")
    url = f"sqlite:///{tmp_path / 'fd.sqlite'}"
    store = open_store(Settings(database_url=url, seeds_dir=corpus))
    store.ingest(corpus)
    store.close()

    result = bench_extras(url, corpus, runs=3)

    assert set(result) == set(EXTRA_QUESTIONS)
    for kind, row in result.items():
        assert row["n"] == 3 and 0 < row["p50_ms"] <= row["p99_ms"], kind
    kinds = {q: k for row in result.values() for q, k in row["answer_kinds"].items()}
    assert kinds["2 June"] == "round" and kinds["what happened on June 3?"] == "day"
    assert kinds["people round 2"] == "people" and kinds["sources round 2"] == "sources"
    assert {kinds[q] for q in EXTRA_QUESTIONS["most words"]} == {"topic"}
    assert kinds["people page 2"] == "people" and kinds["any news?"] == "latest" and kinds["cesefire"] == "topic"
    assert "| most words |" in table(result)
