"""Smoke test of the benchmark harness: a tiny corpus, SQLite only, no HTTP, no baselines.

It checks that every benchmark runs and that the report has the expected rows and sane
numbers. It asserts no wall-clock thresholds: speed is what the report measures.
"""
from __future__ import annotations

import json

import pytest

from tests.bench.run import QUESTIONS, bm25_query, markdown, parse_summary, percentile, run_benchmarks

N = 30


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    rep = run_benchmarks([N], ["sqlite"], tmp / "out", runs=5, budget_s=60, http=False, quality=False,
                         work_dir=tmp / "work", keep=True)
    return rep, tmp


def test_report_has_one_row_with_sane_numbers(report):
    rep, _ = report
    assert [(r["backend"], r["n"]) for r in rep["rows"]] == [("sqlite", N)]
    row = rep["rows"][0]
    assert "error" not in row, row.get("error")

    ing = row["ingest"]
    assert ing["returncode"] == 0 and not ing["timed_out"]
    assert ing["articles_per_s"] > 0 and ing["mb_per_s"] > 0 and ing["seconds"] > 0
    assert ing["cpu_seconds"] > 0 and ing["articles_per_cpu_s"] >= ing["articles_per_s"] * 0.5
    assert ing["peak_rss_mb"] > 0 and ing["max_rss_mb"] > 0
    assert ing["summary"]["seen"] == N and ing["summary"]["new"] == N and ing["summary"]["failed"] == 0
    assert ing["summary"]["facts"] > 0

    inc = row["incremental"]
    assert inc["cli_summary"]["new"] == 1 and inc["cli_summary"]["unchanged"] == N
    assert inc["cli_seconds"] > 0 and inc["inprocess_seconds"] > 0
    assert inc["inprocess_new"] == 1
    assert inc["rescan_unchanged"] == N + 2

    assert row["db_bytes"] > 0
    assert row["http"] == {"skipped": "--no-http"}


def test_latency_per_kind_of_question(report):
    rep, _ = report
    lat = rep["rows"][0]["latency"]
    assert set(lat) == set(QUESTIONS)
    for kind, v in lat.items():
        assert v["n"] == 5, kind
        assert 0 < v["p50_ms"] <= v["p99_ms"] <= v["max_ms"], (kind, v)
    assert lat["round"]["answer_kinds"]["round 1"] == "round"
    assert set(lat["round"]["answer_kinds"].values()) <= {"round", "unknown_round"}
    assert lat["timeline"]["answer_kinds"] == {"timeline": "timeline"}


def test_files_written_and_corpus_left_as_generated(report):
    rep, tmp = report
    md = (tmp / "out" / "report.md").read_text(encoding="utf-8")
    assert f"| sqlite | {N} |" in md
    assert "## Answer latency" in md and "## Targets (issue #6)" in md
    assert md == markdown(rep)
    saved = json.loads((tmp / "out" / "report.json").read_text(encoding="utf-8"))
    assert saved["rows"][0]["ingest"]["articles_per_s"] == rep["rows"][0]["ingest"]["articles_per_s"]
    assert saved["machine"]["sqlite"] and saved["machine"]["python"]
    # the incremental benchmark removes the articles it added
    assert len(list((tmp / "work" / f"corpus_{N}").iterdir())) == N
    targets = {t["target"]: t["verdict"] for t in rep["targets"]}
    assert targets["cold ingest >= 500 articles/s on one core into SQLite"] in ("met", "missed")


def test_helpers():
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile(list(map(float, range(1, 101))), 99) == 99.0
    assert percentile([7.0], 99) == 7.0
    assert bm25_query("2025-05-16", 1) == "May 16 Friday first round talks"
    assert parse_summary("seen 3 / new 2 / changed 0 / unchanged 1 / removed 0 / failed 0 -- facts 40 (+30), "
                         "rounds 2") == {"seen": 3, "new": 2, "changed": 0, "unchanged": 1, "removed": 0,
                                         "failed": 0, "facts": 40, "facts_added": 30, "rounds": 2}


def test_answers_remeasured_on_the_kept_store(report, capsys):
    """tests/bench/answers.py: the same questions on the store the run kept (--keep), no re-ingest."""
    from tests.bench.answers import main as answers_main

    _, tmp = report
    db = tmp / "work" / f"sqlite_{N}.sqlite"
    assert db.exists()
    out = tmp / "answers.json"
    assert answers_main(["--db", f"sqlite:///{db}", "--corpus", str(tmp / "work" / f"corpus_{N}"), "--runs", "3",
                         "--no-http", "--out", str(out)]) == 0
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert set(saved["latency"]) == set(QUESTIONS)
    assert all(v["n"] == 3 for v in saved["latency"].values())
    assert "round" in capsys.readouterr().out
