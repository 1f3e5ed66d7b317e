"""The benchmark corpus generator: deterministic, n files, the seeds' format with its gaps."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.bench.corpus import generate

ROOT = Path(__file__).resolve().parents[2]
DATE_LINE = re.compile(r" date \d{4}-\d{2}-\d{2} \S")


def _snapshot(paths: list[Path]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


def test_same_seed_same_bytes_also_from_the_cli(tmp_path):
    first = _snapshot(generate(40, tmp_path / "a", seed=7))
    assert _snapshot(generate(40, tmp_path / "b", seed=7)) == first
    assert _snapshot(generate(40, tmp_path / "c", seed=8)) != first

    env = dict(os.environ, PYTHONHASHSEED="123")  # output must not depend on hash randomisation
    subprocess.run([sys.executable, "-m", "tests.bench.corpus", "40", str(tmp_path / "cli"), "--seed", "7"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    assert _snapshot(sorted((tmp_path / "cli").iterdir())) == first


def test_writes_exactly_n_files(tmp_path):
    paths = generate(25, tmp_path / "out", seed=1)
    assert len(paths) == 25
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)
    assert all(p.stat().st_size >= 1000 for p in paths)


def test_date_line_in_most_files_absent_in_some(tmp_path):
    paths = generate(300, tmp_path, seed=0)
    texts = {p: p.read_text(encoding="utf-8") for p in paths}
    dated = [p for p, t in texts.items() if DATE_LINE.match(t)]
    undated_txt = [p for p, t in texts.items() if p.suffix == ".txt" and not DATE_LINE.match(t)]
    markdown = [p for p in paths if p.suffix == ".md"]
    assert len(dated) >= 0.75 * len(paths)
    assert undated_txt, "some .txt files must have no date line"
    front_matter = re.compile(r"---\ntitle: .*\ndate: \d{4}-\d{2}-\d{2}\nurl: .*\noutlet: .*\n---\n")
    assert markdown and all(front_matter.match(texts[p]) for p in markdown)
