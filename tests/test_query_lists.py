"""`people` and `topics`: who and what the coverage is about, without the story's own words."""

from __future__ import annotations

from pathlib import Path

from store.runtime import Store
from tests.conftest import copy_folder

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_topics_name_subjects_not_the_story_itself(store: Store, tmp_path: Path) -> None:
    store.ingest(copy_folder(SEEDS, tmp_path / "articles"))
    topics = [name for name, _ in store.query.ask("topics").items]
    assert "ceasefire" in topics[:5] and "prisoners" in topics[:5]
    # the event noun, the story's places and its people are in everything: they are not topics
    for word in ("talks", "negotiations", "istanbul", "ukraine", "zelensky", "zelenskyy", "putin", "president"):
        assert word not in topics
    assert all(count > 0 for _, count in store.query.ask("topics").items)


def test_people_counts_the_facts_naming_each_person(store: Store, tmp_path: Path) -> None:
    store.ingest(copy_folder(SEEDS, tmp_path / "articles"))
    people = dict(store.query.ask("people").items)
    # spellings folded: one Zelensky, counted across Zelensky and Zelenskyy
    assert "Volodymyr Zelensky" in people and not any(name.endswith("Zelenskyy") for name in people)
    assert people["Volodymyr Zelensky"] == max(people.values())
    assert list(people.values()) == sorted(people.values(), reverse=True)


def test_topics_come_in_the_same_order_in_every_process(tmp_path: Path) -> None:
    """Ties in counts are broken by spelling, not by string hashing (which differs per process)."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import SEEDS

    env = {**os.environ, "FACTDESK_DATABASE_URL": f"sqlite:///{tmp_path}/fd.db", "FACTDESK_SEEDS_DIR": str(SEEDS)}
    runs = []
    for seed in ("1", "2", "3"):
        out = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "topics", "--json"], env={**env,
                             "PYTHONHASHSEED": seed}, capture_output=True, text=True, timeout=120, check=True)
        runs.append(json.loads(out.stdout)["items"])
    assert runs[0] and runs[0] == runs[1] == runs[2]
    counts = [c for _, c in runs[0]]
    assert counts == sorted(counts, reverse=True)
