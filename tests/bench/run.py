"""Factdesk benchmark harness (issue #6): one command, every benchmark, one report.

    python -m tests.bench.run [--sizes 1000,10000,100000] [--backends sqlite,postgres]
                              [--out bench-report] [--quick] [--no-http] [--no-quality]

For each backend (a SQLite file in a temporary folder; a fresh PostgreSQL database
``fd_bench_<n>_<hex>`` created on the server at ``FACTDESK_TEST_POSTGRES_URL`` or
``postgresql+psycopg://postgres@127.0.0.1:5432/test`` and dropped afterwards) and each
corpus size N (articles written by ``tests/bench/corpus.py``, seed 0):

* **cold ingest**: ``factdesk ingest DIR`` as a child process into an empty database:
  articles/s, MB/s (bytes of the files read), wall seconds, and peak memory: the child's
  own maximum RSS from ``os.wait4`` (exact) and the peak RSS summed over the child's
  process tree sampled by psutil every 50 ms (catches worker processes, if ingest grows any);
* **incremental ingest**: one new article dropped among the N, ``factdesk ingest DIR``
  again (wall time of the whole command, start-up included); then another new article,
  ``Store.ingest(DIR)`` in-process (no start-up); then an in-process rescan with no change;
* **answer latency**: ``Store.query.ask`` in-process, ``--runs`` timed calls per kind of
  question (round / timeline / person / topic, cycling over several phrasings), after one
  untimed warm-up call per distinct question; p50 / p99 / max in ms. With 50 runs p99 is
  the second-largest sample: it is a tail estimate, not a precise percentile;
* **database size**: SQLite main file + ``-wal``; PostgreSQL ``pg_database_size``;
* **Slack over HTTP**: a real ``factdesk serve`` (HTTP mode) on a free 127.0.0.1 port,
  pointed at ``tests/fake_slack.py``; ``--http-requests`` signed ``/talks`` slash
  commands sent at once from as many threads: acknowledgement latency (request sent ->
  HTTP 200 received) p50 / p99, and the time until each answer reached its
  ``response_url`` on the fake; then 20 commands one at a time (each answer awaited
  before the next), the ack with no queue and no answer being computed beside it.
  Skipped, with the reason in the report, when ``bot/serve.py`` is missing or the
  server does not come up.

Then, once per run, **answer quality** on gold files in the format of
``/work/shared/eval/seeds.toml`` (the seeds, plus the hand-written corpora under
``tests/corpora``): Factdesk's JSON answers through the CLI (as ``score.py`` does; its
own summary line is included too) side by side with two extractive baselines over the
same sentences (``store.extract`` sentence splitter, exact duplicates merged):

* **LexRank** (sumy): the 8 most central sentences of all the articles. It takes no
  query, so every round gets the same 8 sentences;
* **BM25** (rank_bm25, Okapi): the 8 best sentences for a query built *only from the
  gold round's date and number*: ``"<Month> <day> <Weekday> <ordinal> round talks"``
  (e.g. ``"May 16 Friday first round talks"``). "round N" alone would be meaningless to
  BM25, and the gold's venue or city would leak the answer.

All three are scored with score.py's own rules (its ``norm`` / ``matches`` / ``has_all``
/ ``contained`` / ``words`` are imported from the file): recall of key facts in the top
8, wrong-round facts, duplicates, citation precision; plus the time per answer.

Outputs ``<out>/report.md`` and ``<out>/report.json`` and prints the Markdown. Every loop
is bounded in count and time; all network traffic stays on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORE_PY = SHARED / "eval" / "score.py"
DEFAULT_GOLDS = (
    ("seeds", SHARED / "eval" / "seeds.toml", SHARED / "seeds"),
    ("trade_talks", ROOT / "tests/corpora/trade_talks/gold.toml", ROOT / "tests/corpora/trade_talks/articles"),
    ("markdown_frontmatter", ROOT / "tests/corpora/markdown_frontmatter/gold.toml",
     ROOT / "tests/corpora/markdown_frontmatter/articles"),
)
POSTGRES_ENV = "FACTDESK_TEST_POSTGRES_URL"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_SIZES = (1000, 10000, 100000)
QUICK_SIZES = (200, 1000)
TOP_K = 8
SIGNING_SECRET = "bench-signing-secret"

# Questions per kind, cycled through by the latency benchmark. Names and topics come from
# the synthetic corpus's vocabulary (tests/bench/corpus.py: LAST, fact families).
QUESTIONS: dict[str, tuple[str, ...]] = {
    "round": ("round 1", "round 2", "round 3", "second round", "last round"),
    "timeline": ("timeline",),
    "person": ("person Kovalenko", "person Zelenskyy", "person Nowak", "person Okafor", "person Umerov"),
    "topic": ("ceasefire", "prisoners", "tariffs", "strike", "emissions", "topic debt", "ceasefire round 2"),
}
SLASH_TEXTS = ("round 1", "round 2", "timeline", "person Kovalenko", "ceasefire", "last round")


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- small helpers -----------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(1, math.ceil(q / 100 * len(s)))
    return s[min(k, len(s)) - 1]


def summarize_ms(samples_s: list[float]) -> dict[str, float | int]:
    ms = [x * 1000 for x in samples_s]
    if not ms:
        return {"n": 0}
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p99_ms": round(percentile(ms, 99), 2),
            "mean_ms": round(statistics.fmean(ms), 2), "max_ms": round(max(ms), 2),
            "min_ms": round(min(ms), 2)}


def factdesk_cmd() -> list[str]:
    script = Path(sys.executable).parent / "factdesk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FACTDESK_"))}
    env.update({"FACTDESK_LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dir_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


# -- machine -----------------------------------------------------------------------------------

def code_fingerprint() -> dict[str, str]:
    """What product code was measured (no git here): a hash of store/ and bot/ sources, newest mtime."""
    import hashlib

    h = hashlib.sha256()
    newest = 0.0
    for path in sorted(p for d in ("store", "bot") for p in (ROOT / d).rglob("*") if p.is_file()
                       and p.suffix in (".py", ".toml", ".mako")):
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return {"sha256": h.hexdigest()[:16],
            "newest_change": dt.datetime.fromtimestamp(newest, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")}


def machine_info(postgres_url: str | None = None) -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = None
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu, "ram_gb": ram, "os": platform.platform(),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "postgresql": None, "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    if postgres_url:
        with contextlib.suppress(Exception):
            info["postgresql"] = postgres_version(postgres_url)
    return info


# -- databases ---------------------------------------------------------------------------------

@dataclass
class Database:
    backend: str
    url: str
    size: Callable[[], int]
    name: str = ""


def _pg_admin(server_url: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    url = make_url(server_url).set(drivername="postgresql+psycopg")
    return url, create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool,
                              connect_args={"connect_timeout": 5})


def postgres_version(server_url: str) -> str:
    from sqlalchemy import text

    _, admin = _pg_admin(server_url)
    try:
        with admin.connect() as conn:
            return str(conn.execute(text("SHOW server_version")).scalar())
    finally:
        admin.dispose()


@contextlib.contextmanager
def database(backend: str, work: Path, label: str, postgres_url: str, keep: bool = False) -> Iterator[Database]:
    """An empty database of its own: a SQLite file under ``work`` or a fresh PostgreSQL database,
    removed afterwards unless ``keep`` (then logged, for profiling or re-measuring answers)."""
    if backend == "sqlite":
        path = work / f"{label}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

        def sqlite_size() -> int:
            return sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists())

        try:
            yield Database("sqlite", f"sqlite:///{path}", sqlite_size, str(path))
        finally:
            for suffix in () if keep else ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if backend != "postgres":
        raise ValueError(f"unknown backend {backend!r} (sqlite, postgres)")
    from sqlalchemy import text

    url, admin = _pg_admin(postgres_url)
    name = f"fd_bench_{re.sub(r'[^a-z0-9_]', '_', label.lower())}_{uuid.uuid4().hex[:6]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))

        def pg_size() -> int:
            with admin.connect() as conn:
                return int(conn.execute(text("SELECT pg_database_size(:n)"), {"n": name}).scalar() or 0)

        yield Database("postgres", url.set(database=name).render_as_string(hide_password=False), pg_size, name)
    finally:
        try:
            if keep:
                log(f"kept PostgreSQL database {name}")
            else:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


def postgres_problem(server_url: str) -> str | None:
    """None when the server answers, else why not."""
    try:
        postgres_version(server_url)
    except Exception as exc:  # no driver, refused, auth...
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ''}"
    return None


# -- child processes ---------------------------------------------------------------------------

@dataclass
class ChildRun:
    seconds: float
    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float  # the child's own peak RSS (os.wait4 ru_maxrss): exact
    tree_peak_rss_mb: float  # peak of the RSS summed over the child's process tree, sampled
    timed_out: bool = False
    cpu_seconds: float = 0.0  # the child's own user + system time (a database server's is not in it)


def run_child(cmd: list[str], env: dict[str, str], timeout: float, cwd: Path = ROOT,
              sample_every: float = 0.05) -> ChildRun:
    """Run ``cmd``, measuring wall time and peak memory; kill it (only it) after ``timeout`` s.

    Without psutil (the ``bench`` extra) only the child's own peak (``os.wait4``) is measured."""
    try:
        import psutil
    except ImportError:
        psutil = None

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        result: dict[str, Any] = {}

        def reap() -> None:
            _, status, usage = os.wait4(proc.pid, 0)
            result["t1"] = time.perf_counter()
            result["status"] = status
            result["maxrss_kb"] = usage.ru_maxrss  # Linux: kilobytes
            result["cpu_s"] = usage.ru_utime + usage.ru_stime

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        tree_peak = 0
        timed_out = False
        ps = None
        if psutil is not None:
            with contextlib.suppress(psutil.Error):
                ps = psutil.Process(proc.pid)
        deadline = t0 + timeout
        try:
            while waiter.is_alive():
                if ps is not None:
                    with contextlib.suppress(psutil.Error):
                        total = ps.memory_info().rss
                        for child in ps.children(recursive=True):
                            with contextlib.suppress(psutil.Error):
                                total += child.memory_info().rss
                        tree_peak = max(tree_peak, total)
                if time.perf_counter() > deadline and not timed_out:
                    timed_out = True
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(proc.pid, signal.SIGKILL)
                waiter.join(sample_every)
        except BaseException:  # interrupted: do not leave the child running
            if waiter.is_alive():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGKILL)
                waiter.join(5)
            proc.returncode = -9
            raise
        proc.returncode = os.waitstatus_to_exitcode(result["status"])  # reaped by wait4: tell Popen
        out.seek(0)
        err.seek(0)
        return ChildRun(seconds=result["t1"] - t0, returncode=proc.returncode,
                        stdout=out.read().decode("utf-8", "replace"), stderr=err.read().decode("utf-8", "replace"),
                        max_rss_mb=round(result["maxrss_kb"] / 1024, 1),
                        tree_peak_rss_mb=round(tree_peak / 1024 / 1024, 1), timed_out=timed_out,
                        cpu_seconds=round(result["cpu_s"], 2))


# -- corpus ------------------------------------------------------------------------------------

def make_corpus(n: int, folder: Path, seed: int = 0) -> tuple[int, int]:
    """Write the N-article corpus (unless already there); (files, bytes)."""
    from tests.bench.corpus import generate

    if folder.is_dir() and sum(1 for _ in folder.iterdir()) == n:
        return n, dir_bytes(folder)
    shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    paths = generate(n, folder, seed=seed)
    log(f"corpus: {n} articles written to {folder} in {time.perf_counter() - t0:.1f}s")
    return len(paths), dir_bytes(folder)


def extra_article(n: int, k: int, folder: Path, seed: int = 0) -> Path:
    """A new article for the incremental benchmark: article n+k of the same stories as the corpus."""
    from tests.bench import corpus

    n_stories = max(len(corpus.KINDS), -(-n // corpus.ARTICLES_PER_STORY))
    name, text = corpus._render(seed, n_stories, n + k)  # same generator as generate(), next index
    corpus._story.cache_clear()
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


# -- one (backend, N) point --------------------------------------------------------------------

_SUMMARY = re.compile(r"seen (\d+) / new (\d+) / changed (\d+) / unchanged (\d+) / removed (\d+) / failed (\d+)"
                      r" -- facts (\d+) \(\+(\d+)\), rounds (\d+)")


def parse_summary(stdout: str) -> dict[str, int]:
    m = _SUMMARY.search(stdout)
    if not m:
        return {}
    keys = ("seen", "new", "changed", "unchanged", "removed", "failed", "facts", "facts_added", "rounds")
    return dict(zip(keys, map(int, m.groups()), strict=True))


def bench_ingest(db: Database, corpus_dir: Path, n: int, n_bytes: int, timeout: float) -> dict[str, Any]:
    env = base_env(FACTDESK_DATABASE_URL=db.url, FACTDESK_SEEDS_DIR=str(corpus_dir))
    run = run_child(factdesk_cmd() + ["ingest", str(corpus_dir)], env, timeout)
    out: dict[str, Any] = {"seconds": round(run.seconds, 3), "returncode": run.returncode,
                           "timed_out": run.timed_out, "max_rss_mb": run.max_rss_mb,
                           "tree_peak_rss_mb": run.tree_peak_rss_mb,
                           "peak_rss_mb": max(run.max_rss_mb, run.tree_peak_rss_mb),
                           "summary": parse_summary(run.stdout)}
    if run.returncode != 0:
        out["error"] = (run.stderr.strip() or run.stdout.strip())[-1500:]
        return out
    out["articles_per_s"] = round(n / run.seconds, 2)
    out["mb_per_s"] = round(n_bytes / 1e6 / run.seconds, 3)
    # per CPU-second of the ingest process: what one core does, whatever else the machine runs
    out["cpu_seconds"] = run.cpu_seconds
    out["articles_per_cpu_s"] = round(n / run.cpu_seconds, 2) if run.cpu_seconds else None
    return out


def bench_incremental(db: Database, corpus_dir: Path, n: int, timeout: float, seed: int) -> dict[str, Any]:
    from store.runtime import open_store
    from store.settings import Settings

    added: list[Path] = []
    out: dict[str, Any] = {}
    try:
        added.append(extra_article(n, 0, corpus_dir, seed))
        env = base_env(FACTDESK_DATABASE_URL=db.url, FACTDESK_SEEDS_DIR=str(corpus_dir))
        run = run_child(factdesk_cmd() + ["ingest", str(corpus_dir)], env, timeout)
        out["cli_seconds"] = round(run.seconds, 3)
        out["cli_summary"] = parse_summary(run.stdout)
        out["cli_max_rss_mb"] = run.max_rss_mb
        if run.returncode != 0:
            out["error"] = (run.stderr.strip() or run.stdout.strip())[-1500:]
            return out
        added.append(extra_article(n, 1, corpus_dir, seed))
        store = open_store(Settings(database_url=db.url, seeds_dir=corpus_dir))
        try:
            t0 = time.perf_counter()
            report = store.ingest(corpus_dir)
            out["inprocess_seconds"] = round(time.perf_counter() - t0, 3)
            out["inprocess_new"] = report.new
            t0 = time.perf_counter()
            report = store.ingest(corpus_dir)
            out["rescan_seconds"] = round(time.perf_counter() - t0, 3)
            out["rescan_unchanged"] = report.unchanged
        finally:
            store.close()
    finally:
        for p in added:
            p.unlink(missing_ok=True)
    return out


def bench_latency(db_url: str, corpus_dir: Path, runs: int, budget_s: float,
                  questions: dict[str, tuple[str, ...]] = QUESTIONS) -> dict[str, Any]:
    """In-process Store.query.ask latency per kind of question."""
    from store.runtime import freeze_startup_objects, open_store
    from store.settings import Settings

    store = open_store(Settings(database_url=db_url, seeds_dir=corpus_dir))
    freeze_startup_objects()  # as serve's answer workers do once their store is open
    out: dict[str, Any] = {}
    try:
        for kind, qs in questions.items():
            warm: dict[str, float] = {}
            kinds: dict[str, str] = {}
            facts: dict[str, int] = {}
            for q in qs:  # warm-up, untimed in the percentiles (reported as first_call_ms)
                t0 = time.perf_counter()
                ans = store.query.ask(q)
                warm[q] = round((time.perf_counter() - t0) * 1000, 2)
                kinds[q] = ans.kind
                facts[q] = len(ans.facts or [])
            samples: list[float] = []
            deadline = time.perf_counter() + budget_s
            for i in range(runs):
                q = qs[i % len(qs)]
                t0 = time.perf_counter()
                store.query.ask(q)
                samples.append(time.perf_counter() - t0)
                if time.perf_counter() > deadline:
                    break
            out[kind] = {**summarize_ms(samples), "first_call_ms": warm, "answer_kinds": kinds,
                         "facts_shown": facts, "cut_by_budget": len(samples) < runs}
    finally:
        store.close()
    return out


def bench_http(db_url: str, corpus_dir: Path, n_requests: int, timeout: float = 120.0,
               seq_requests: int = 20) -> dict[str, Any]:
    """Slash-command acknowledgement latency against a real ``factdesk serve`` in HTTP mode."""
    if importlib.util.find_spec("bot.serve") is None:
        return {"skipped": "bot/serve.py does not exist yet (factdesk serve not implemented)"}
    try:
        from tests.fake_slack import FakeSlack, sign, slash_command_body
    except Exception as exc:
        return {"skipped": f"tests/fake_slack.py cannot be imported: {type(exc).__name__}: {exc}"}

    port = free_port()
    result: dict[str, Any] = {"requests": n_requests, "port": port}
    with FakeSlack() as slack, tempfile.TemporaryFile() as logf:
        env = base_env(FACTDESK_DATABASE_URL=db_url, FACTDESK_SEEDS_DIR=str(corpus_dir),
                       FACTDESK_PORT=str(port), FACTDESK_WATCH_INTERVAL="3600",
                       SLACK_API_URL=slack.api_url, SLACK_BOT_TOKEN="xoxb-bench",
                       SLACK_SIGNING_SECRET=SIGNING_SECRET)
        for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
            env.pop(var, None)
        t_start = time.perf_counter()
        proc = subprocess.Popen(factdesk_cmd() + ["serve"], env=env, cwd=ROOT, stdout=logf, stderr=logf,
                                stdin=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
        try:
            up = False
            deadline = time.perf_counter() + 60
            while time.perf_counter() < deadline and proc.poll() is None:
                try:
                    with opener.open(f"{base}/healthz", timeout=2) as r:
                        if r.status == 200:
                            up = True
                            break
                except (urllib.error.URLError, OSError):
                    pass
                time.sleep(0.1)
            if not up:
                logf.seek(0)
                tail = logf.read().decode("utf-8", "replace")[-1500:]
                why = f"exited with {proc.returncode}" if proc.poll() is not None else "no /healthz answer in 60 s"
                return {**result, "skipped": f"factdesk serve did not come up ({why}): {tail.strip()}"}
            result["startup_s"] = round(time.perf_counter() - t_start, 2)

            def post(i: int, text: str, barrier: threading.Barrier | None) -> tuple[float, float, int]:
                body = slash_command_body(text=text, response_url=slack.response_url(f"r{i}"))
                req = urllib.request.Request(f"{base}/slack/events", data=body.encode(),
                                             headers=sign(SIGNING_SECRET, body), method="POST")
                if barrier is not None:
                    barrier.wait(timeout=30)
                t0 = time.perf_counter()
                try:
                    with opener.open(req, timeout=30) as r:
                        r.read()
                        status = r.status
                except urllib.error.HTTPError as e:
                    status = e.code
                except (urllib.error.URLError, OSError):
                    status = -1
                return t0, time.perf_counter() - t0, status

            # warm-up: one command, answered, not counted
            _, warm_ack, warm_status = post(-1, "round 1", None)
            with contextlib.suppress(Exception):
                slack.wait_for_responses(1, timeout=60, name="r-1")
            result["warmup_ack_ms"] = round(warm_ack * 1000, 2)
            result["warmup_status"] = warm_status

            barrier = threading.Barrier(n_requests)
            with ThreadPoolExecutor(max_workers=n_requests) as pool:
                futures = [pool.submit(post, i, SLASH_TEXTS[i % len(SLASH_TEXTS)], barrier)
                           for i in range(n_requests)]
                sent = [f.result(timeout=90) for f in futures]
            acks = [s[1] for s in sent]
            statuses = [s[2] for s in sent]
            result["ack"] = summarize_ms(acks)
            result["non_200"] = sum(1 for s in statuses if s != 200)
            result["statuses"] = {str(k): statuses.count(k) for k in sorted(set(statuses))}
            # answers reaching response_url: poll the fake (bounded)
            arrived: dict[int, float] = {}
            deadline = time.perf_counter() + timeout
            while len(arrived) < n_requests and time.perf_counter() < deadline:
                now = time.perf_counter()
                for i in range(n_requests):
                    if i not in arrived and slack.responses(f"r{i}"):
                        arrived[i] = now - sent[i][0]
                time.sleep(0.01)
            result["answered"] = len(arrived)
            texts = [json.dumps(b)[:2000] for i in arrived for b in slack.responses(f"r{i}")[:1]]
            result["apologies"] = sum("something went wrong" in t for t in texts)
            result["answer"] = summarize_ms(list(arrived.values()))
            # one at a time, each answer awaited before the next: the ack with no queue and no
            # answers being computed beside it
            seq: list[float] = []
            deadline = time.perf_counter() + 120
            for i in range(seq_requests):
                if time.perf_counter() > deadline:
                    break
                name = n_requests + i
                _, secs, status = post(name, SLASH_TEXTS[i % len(SLASH_TEXTS)], None)
                if status == 200:
                    seq.append(secs)
                with contextlib.suppress(Exception):
                    slack.wait_for_responses(1, timeout=30, name=f"r{name}")
            result["ack_sequential"] = summarize_ms(seq)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
            result["serve_exit"] = proc.returncode
            logf.seek(0)
            lines = logf.read().decode("utf-8", "replace").splitlines()
            result["serve_log_lines"] = len(lines)
            result["serve_log_tail"] = [ln[:300] for ln in lines[-15:]]
            result["serve_errors"] = [ln[:300] for ln in lines if _is_error_line(ln)][:40]
    return result


_ERROR_LINE = re.compile(r"^\S+ \S+ (ERROR|CRITICAL) |^[\w.]+(Error|Exception): |^\s+File \"" + re.escape(str(ROOT)))


def _is_error_line(line: str) -> bool:
    """Log lines worth keeping from factdesk serve: errors, exception lines, frames in the project."""
    return bool(_ERROR_LINE.search(line))


def bench_point(backend: str, n: int, corpus_dir: Path, n_bytes: int, work: Path, *, postgres_url: str,
                runs: int, budget_s: float, http: bool, http_requests: int, ingest_timeout: float | None,
                seed: int, keep: bool = False) -> dict[str, Any]:
    timeout = ingest_timeout or (120 + n * 0.2)  # never slower than 5 articles/s, or it is stopped
    row: dict[str, Any] = {"backend": backend, "n": n, "corpus_mb": round(n_bytes / 1e6, 2),
                           "started": dt.datetime.now(dt.UTC).strftime("%H:%M:%S UTC")}
    with database(backend, work, f"{backend}_{n}", postgres_url, keep=keep) as db:
        log(f"{backend} N={n}: cold ingest (timeout {timeout:.0f}s)")
        row["ingest"] = bench_ingest(db, corpus_dir, n, n_bytes, timeout)
        log(f"{backend} N={n}: ingest {row['ingest'].get('articles_per_s')} articles/s, "
            f"peak RSS {row['ingest'].get('peak_rss_mb')} MB")
        if "error" in row["ingest"] or row["ingest"].get("timed_out"):
            row["error"] = f"cold ingest failed: {row['ingest'].get('error', 'timed out')}"
            return row
        row["db_bytes"] = db.size()
        log(f"{backend} N={n}: incremental ingest")
        row["incremental"] = bench_incremental(db, corpus_dir, n, timeout, seed)
        log(f"{backend} N={n}: answer latency ({runs} runs per kind)")
        row["latency"] = bench_latency(db.url, corpus_dir, runs, budget_s)
        if http:
            log(f"{backend} N={n}: slash commands over HTTP ({http_requests} concurrent)")
            try:
                row["http"] = bench_http(db.url, corpus_dir, http_requests)
            except Exception as exc:
                row["http"] = {"skipped": f"HTTP benchmark failed: {type(exc).__name__}: {exc}"}
        else:
            row["http"] = {"skipped": "--no-http"}
        row["db_bytes_after"] = db.size()
    return row


# -- quality -----------------------------------------------------------------------------------

def load_score_module(path: Path = SCORE_PY) -> Any:
    spec = importlib.util.spec_from_file_location("factdesk_eval_score", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@dataclass
class Candidate:
    text: str
    files: list[str] = field(default_factory=list)


def corpus_sentences(folder: Path, norm: Callable[[str], str]) -> list[Candidate]:
    """Every kept sentence of every article, as Factdesk's own splitter sees it; exact duplicates
    (after score.py's normalisation) merged into one candidate citing every file."""
    from store.extract.article import parse_article
    from store.extract.sentences import split_sentences

    by_norm: dict[str, Candidate] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        parsed = parse_article(path.read_text(encoding="utf-8", errors="replace"))
        skip = parsed.title is not None and parsed.body.lstrip().startswith(parsed.title)
        for s in split_sentences(parsed.body, skip_first_line=skip):
            key = norm(s.text)
            cand = by_norm.setdefault(key, Candidate(s.text))
            if path.name not in cand.files:
                cand.files.append(path.name)
    return list(by_norm.values())


class SentenceTokenizer:
    """sumy tokenizer interface without NLTK data: Factdesk's sentence splitter and a word regex."""

    language = "english"
    _WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        from store.extract.sentences import split_sentences

        return tuple(s.text for s in split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(self._WORDS.findall(sentence))


_BM25_STOP = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "he", "her",
    "his", "i", "in", "is", "it", "its", "of", "on", "or", "our", "she", "that", "the", "their", "them", "they",
    "this", "to", "was", "we", "were", "will", "with", "would"))


def bm25_tokens(text: str, norm: Callable[[str], str]) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", norm(text)) if w not in _BM25_STOP]


def bm25_query(date_iso: str, number: int) -> str:
    """The BM25 baseline's query for a round: its date (month, day, weekday) and ordinal only."""
    from tests.bench.corpus import MONTHS, ORDINALS, WEEKDAYS

    d = dt.date.fromisoformat(date_iso)
    ordinal = ORDINALS[number - 1] if 0 < number <= len(ORDINALS) else f"{number}th"
    return f"{MONTHS[d.month - 1]} {d.day} {WEEKDAYS[d.weekday()]} {ordinal} round talks"


def score_facts(sc: Any, facts: list[dict[str, Any]], rnd: dict[str, Any], same: list[dict[str, Any]],
                texts: dict[str, str]) -> dict[str, Any]:
    """score.py's per-round rules on the top-k ``facts`` ({"text", "files"})."""
    ntexts = [sc.norm(str(f.get("text", ""))) for f in facts[:TOP_K]]
    found = [item["id"] for item in rnd.get("fact", []) if any(sc.matches(t, item["any"]) for t in ntexts)]
    missing = [item["id"] for item in rnd.get("fact", []) if item["id"] not in found]
    wrong = [t for t in ntexts if sc.matches(t, rnd.get("never", []))]
    dups = 0
    for i in range(len(ntexts)):
        for j in range(i + 1, len(ntexts)):
            a, b = ntexts[i], ntexts[j]
            dup = any((sc.has_all(a, s["a"]) and sc.has_all(b, s["b"]))
                      or (sc.has_all(a, s["b"]) and sc.has_all(b, s["a"])) for s in same)
            wa, wb = sc.words(a), sc.words(b)
            if not dup and wa and wb and len(wa & wb) / len(wa | wb) >= 0.8:
                dup = True
            dups += dup
    cited = cited_ok = 0
    for f in facts[:TOP_K]:
        files = f.get("files") or []
        if not files:
            cited += 1
        for name in files:
            cited += 1
            cited_ok += bool(name in texts and sc.contained(str(f.get("text", "")), texts[name]))
    return {"recall": round(len(found) / max(1, len(rnd.get("fact", []))), 3), "found": found, "missing": missing,
            "wrong_round": len(wrong), "duplicates": dups, "cited": cited, "cited_ok": cited_ok,
            "shown": len(ntexts)}


def header_ok(sc: Any, info: dict[str, Any], rnd: dict[str, Any]) -> bool:
    """score.py's round-header check: number, date, every gold venue word and the city."""
    place = sc.norm(f"{info.get('venue') or ''} {info.get('city') or ''}")
    return (info.get("number") == rnd["number"] and str(info.get("date", ""))[:10] == rnd["date"]
            and all(sc.norm(v) in place for v in rnd.get("venue", []))
            and (not rnd.get("city") or sc.norm(rnd["city"]) in place))


def _factdesk_facts(answer_json: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for f in (answer_json.get("facts") or [])[:TOP_K]:
        files = [Path(str(s.get("file", ""))).name for s in f.get("sources") or []]
        out.append({"text": f.get("text", ""), "files": files})
    return out


def quality_one(name: str, gold_path: Path, corpus: Path, work: Path, timing_runs: int = 5) -> dict[str, Any]:
    from rank_bm25 import BM25Okapi
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    from store.answers import to_json
    from store.runtime import open_store
    from store.settings import Settings

    sc = load_score_module()
    gold = tomllib.loads(gold_path.read_text(encoding="utf-8"))
    rounds = gold.get("round", [])
    same = gold.get("same", [])
    tmp = work / f"quality_{name}"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(corpus, tmp / "articles")
    texts = {p.name: sc.norm(p.read_text(encoding="utf-8", errors="replace"))
             for p in (tmp / "articles").iterdir() if p.is_file()}
    systems: dict[str, dict[str, Any]] = {}

    # Factdesk through its CLI, as score.py does
    db_url = f"sqlite:///{tmp / 'kb.sqlite'}"
    env = base_env(FACTDESK_DATABASE_URL=db_url, FACTDESK_SEEDS_DIR=str(tmp / "articles"))
    ing = run_child(factdesk_cmd() + ["ingest"], env, timeout=600)
    fd: dict[str, Any] = {"rounds": {}, "cli_ms": [], "inprocess_ms": []}
    if ing.returncode != 0:
        fd["error"] = f"ingest failed: {ing.stderr[-500:]}"
    else:
        store = open_store(Settings(database_url=db_url, seeds_dir=tmp / "articles"))
        try:
            for rnd in rounds:
                r = run_child(factdesk_cmd() + ["ask", rnd["query"], "--json"], env, timeout=120)
                fd["cli_ms"].append(r.seconds * 1000)
                try:
                    ans = json.loads(r.stdout)
                except json.JSONDecodeError:
                    ans = {}
                    fd.setdefault("problems", []).append(f"{rnd['query']!r}: not JSON (exit {r.returncode})")
                s = score_facts(sc, _factdesk_facts(ans), rnd, same, texts)
                s["header_ok"] = header_ok(sc, ans.get("round") or {}, rnd)
                fd["rounds"][rnd["number"]] = s
                store.query.ask(rnd["query"])  # warm
                for _ in range(timing_runs):
                    t0 = time.perf_counter()
                    to_json(store.query.ask(rnd["query"]))
                    fd["inprocess_ms"].append((time.perf_counter() - t0) * 1000)
        finally:
            store.close()
    systems["Factdesk"] = fd

    cands = corpus_sentences(tmp / "articles", sc.norm)

    # LexRank (query-free): the 8 most central sentences of all the articles
    tok = SentenceTokenizer()
    by_text: dict[str, Candidate] = {}
    paragraphs = []
    for c in cands:
        by_text.setdefault(c.text, c)
    for c in cands:
        paragraphs.append(Paragraph([Sentence(c.text, tok)]))
    doc = ObjectDocumentModel(paragraphs)
    lex = LexRankSummarizer(Stemmer("english"))
    lex.stop_words = get_stop_words("english")
    lr: dict[str, Any] = {"rounds": {}, "inprocess_ms": []}
    for rnd in rounds:
        t0 = time.perf_counter()
        picked = lex(doc, TOP_K)
        lr["inprocess_ms"].append((time.perf_counter() - t0) * 1000)
        facts = [{"text": str(s), "files": by_text[str(s)].files if str(s) in by_text else []} for s in picked]
        s = score_facts(sc, facts, rnd, same, texts)
        s["header_ok"] = None
        lr["rounds"][rnd["number"]] = s
    systems["LexRank (sumy)"] = lr

    # BM25 over the same sentences, query from the gold round's date and number only
    t0 = time.perf_counter()
    bm = BM25Okapi([bm25_tokens(c.text, sc.norm) or ["_"] for c in cands])
    build_ms = (time.perf_counter() - t0) * 1000
    b: dict[str, Any] = {"rounds": {}, "inprocess_ms": [], "index_build_ms": round(build_ms, 2), "queries": {}}
    for rnd in rounds:
        query = bm25_query(rnd["date"], rnd["number"])
        b["queries"][rnd["number"]] = query
        t0 = time.perf_counter()
        scores = bm.get_scores(bm25_tokens(query, sc.norm))
        order = sorted(range(len(cands)), key=lambda i: -scores[i])[:TOP_K]
        b["inprocess_ms"].append((time.perf_counter() - t0) * 1000)
        facts = [{"text": cands[i].text, "files": cands[i].files} for i in order]
        s = score_facts(sc, facts, rnd, same, texts)
        s["header_ok"] = None
        b["rounds"][rnd["number"]] = s
    systems["BM25 (rank_bm25)"] = b

    for sysd in systems.values():
        rs = list(sysd.get("rounds", {}).values())
        cited = sum(r["cited"] for r in rs)
        sysd["summary"] = {
            "recall": round(statistics.fmean([r["recall"] for r in rs]), 3) if rs else None,
            "wrong_round": sum(r["wrong_round"] for r in rs),
            "duplicates": sum(r["duplicates"] for r in rs),
            "citation_precision": round(sum(r["cited_ok"] for r in rs) / cited, 3) if cited else None,
            "headers_ok": (None if any(r["header_ok"] is None for r in rs)
                           else f"{sum(bool(r['header_ok']) for r in rs)}/{len(rs)}"),
            "ms_per_answer": round(statistics.fmean(sysd["inprocess_ms"]), 2) if sysd["inprocess_ms"] else None,
            "cli_ms_per_answer": (round(statistics.fmean(sysd["cli_ms"]), 1) if sysd.get("cli_ms") else None),
        }

    # score.py itself, for its verdict line
    score_line = None
    if SCORE_PY.exists():
        r = subprocess.run([sys.executable, str(SCORE_PY), "--gold", str(gold_path), "--corpus", str(corpus),
                            "--cmd", " ".join(factdesk_cmd())], cwd=ROOT, env=base_env(), capture_output=True,
                           text=True, timeout=900)
        lines = [ln for ln in r.stdout.strip().splitlines() if ln.strip()]
        score_line = lines[-1] if lines else f"(no output, exit {r.returncode})"
    shutil.rmtree(tmp, ignore_errors=True)
    return {"corpus": name, "gold": str(gold_path), "n_sentences": len(cands), "rounds": len(rounds),
            "systems": systems, "score_py": score_line}


def bench_quality(golds: tuple[tuple[str, Path, Path], ...], work: Path) -> list[dict[str, Any]]:
    out = []
    for name, gold, corpus in golds:
        if not gold.exists() or not corpus.is_dir():
            out.append({"corpus": name, "skipped": f"missing {gold if not gold.exists() else corpus}"})
            continue
        log(f"quality: {name}")
        try:
            out.append(quality_one(name, gold, corpus, work))
        except Exception as exc:
            out.append({"corpus": name, "skipped": f"{type(exc).__name__}: {exc}"})
    return out


# -- targets and report ------------------------------------------------------------------------

def _fmt(v: Any, nd: int = 1) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        if math.isnan(v):
            return "–"
        return f"{v:,.{nd}f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def evaluate_targets(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    ok_rows = [r for r in rows if "error" not in r and "ingest" in r]
    out: list[dict[str, str]] = []

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("met" if ok else "missed")

    # 1. ingest >= 500 articles/s on one core into SQLite (the largest N measured)
    sq = sorted((r for r in ok_rows if r["backend"] == "sqlite"), key=lambda r: r["n"])
    if sq:
        r = sq[-1]
        rate = r["ingest"]["articles_per_s"]
        per_cpu = r["ingest"].get("articles_per_cpu_s")  # one core's worth, even on a busy machine
        out.append({"target": "cold ingest >= 500 articles/s on one core into SQLite",
                    "measured": f"{rate:,.1f} articles/s at N={r['n']:,} (single process)"
                                + (f", {per_cpu:,.1f} per CPU-second" if per_cpu else ""),
                    "verdict": verdict(max(rate, per_cpu or 0) >= 500)})
    else:
        out.append({"target": "cold ingest >= 500 articles/s on one core into SQLite", "measured": "–",
                    "verdict": verdict(None)})

    # 2. answer p99 <= 50 ms at 100k, and at most 2x the 1k latency
    for backend in sorted({r["backend"] for r in ok_rows}):
        by_n = {r["n"]: r for r in ok_rows if r["backend"] == backend and "latency" in r}
        if not by_n:
            continue

        def worst(r: dict[str, Any]) -> tuple[float, str]:
            best = max(((v.get("p99_ms", float("nan")), k) for k, v in r["latency"].items() if v.get("n")),
                       default=(float("nan"), "-"))
            return best

        big = max(by_n)
        p99, kind = worst(by_n[big])
        per_kind = ", ".join(f"{k} {v.get('p99_ms', float('nan')):,.1f}" for k, v in by_n[big]["latency"].items())
        if 100_000 in by_n:
            out.append({"target": f"answer p99 <= 50 ms at 100k ({backend})",
                        "measured": f"worst {p99:,.1f} ms ({kind}); {per_kind}", "verdict": verdict(p99 <= 50)})
        else:
            out.append({"target": f"answer p99 <= 50 ms at 100k ({backend})",
                        "measured": f"100k not run; at N={big:,}: worst p99 {p99:,.1f} ms ({kind}); {per_kind}",
                        "verdict": verdict(None) + (" (already over 50 ms at smaller N)" if p99 > 50 else "")})
        if 1000 in by_n and big > 1000:
            ratios = {k: v["p99_ms"] / by_n[1000]["latency"][k]["p99_ms"]
                      for k, v in by_n[big]["latency"].items()
                      if v.get("n") and by_n[1000]["latency"].get(k, {}).get("p99_ms")}
            worst_k = max(ratios, key=lambda k: ratios[k]) if ratios else "-"
            txt = ", ".join(f"{k} x{r:.1f}" for k, r in ratios.items())
            ok = max(ratios.values()) <= 2 if ratios else None
            label = f"answer p99 at 100k <= 2x the 1k p99 ({backend})"
            if big == 100_000:
                out.append({"target": label, "measured": f"worst {worst_k}; {txt}", "verdict": verdict(ok)})
            else:
                out.append({"target": label, "measured": f"100k not run; N={big:,} vs 1k: {txt}",
                            "verdict": verdict(None) + (" (already over 2x at smaller N)" if ok is False else "")})

    # 3. ack p99 <= 100 ms
    acks = [(r["backend"], r["n"], r["http"]["ack"]["p99_ms"]) for r in ok_rows
            if isinstance(r.get("http"), dict) and r["http"].get("ack", {}).get("n")]
    if acks:
        worst_ack = max(acks, key=lambda a: a[2])
        out.append({"target": "slash-command ack p99 <= 100 ms (50 concurrent)",
                    "measured": "; ".join(f"{b} N={n:,}: {p:,.1f} ms" for b, n, p in acks),
                    "verdict": verdict(worst_ack[2] <= 100)})
    else:
        notes = {r.get("http", {}).get("skipped") for r in ok_rows if isinstance(r.get("http"), dict)}
        out.append({"target": "slash-command ack p99 <= 100 ms (50 concurrent)",
                    "measured": "; ".join(sorted(n for n in notes if n)) or "–", "verdict": verdict(None)})

    # 4. peak RSS <= 300 MB during a 100k ingest
    rss = [(r["backend"], r["n"], r["ingest"]["peak_rss_mb"]) for r in ok_rows]
    at_100k = [x for x in rss if x[1] == 100_000]
    if at_100k:
        out.append({"target": "peak RSS <= 300 MB during a 100k ingest",
                    "measured": "; ".join(f"{b}: {m:,.0f} MB" for b, _, m in at_100k),
                    "verdict": verdict(all(m <= 300 for _, _, m in at_100k))})
    elif rss:
        out.append({"target": "peak RSS <= 300 MB during a 100k ingest",
                    "measured": "100k not run; " + "; ".join(f"{b} N={n:,}: {m:,.0f} MB" for b, n, m in rss),
                    "verdict": verdict(None) + (" (already over 300 MB at smaller N)"
                                                if any(m > 300 for *_, m in rss) else "")})
    return out


def markdown(report: dict[str, Any]) -> str:
    rows = report["rows"]
    m = report["machine"]
    lines = [f"# Factdesk benchmark report ({m['date']})", "",
             f"Machine: {m['nproc']} CPUs ({m['cpu_model']}), {m['ram_gb']} GB RAM, Python {m['python']}, "
             f"SQLite {m['sqlite']}, PostgreSQL {m['postgresql'] or 'n/a'}; {m['os']}.", "",
             f"Command: `{report['command']}`", "",
             f"Product code: store/ + bot/ sha256 {report['code']['sha256']} (newest file change "
             f"{report['code']['newest_change']}).", ""]
    lines += ["## Ingest and size", "",
              "| backend | N | corpus MB | cold ingest s | articles/s | articles/CPU-s | MB/s | peak RSS MB | facts "
              "| rounds | +1 file, CLI s | +1 file, in-process s | rescan, no change s | DB MB |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        ing = r.get("ingest", {})
        inc = r.get("incremental", {})
        summ = ing.get("summary", {})
        if "error" in r and "articles_per_s" not in ing:
            lines.append(f"| {r['backend']} | {r['n']:,} | {_fmt(r.get('corpus_mb'))} | "
                         f"{_fmt(ing.get('seconds'))} | failed | | | {_fmt(ing.get('peak_rss_mb'), 0)} | | | | | | |")
            continue
        lines.append(
            f"| {r['backend']} | {r['n']:,} | {_fmt(r.get('corpus_mb'))} | {_fmt(ing.get('seconds'))} "
            f"| {_fmt(ing.get('articles_per_s'))} | {_fmt(ing.get('articles_per_cpu_s'))} "
            f"| {_fmt(ing.get('mb_per_s'), 3)} | {_fmt(ing.get('peak_rss_mb'), 0)} "
            f"| {_fmt(summ.get('facts'))} | {_fmt(summ.get('rounds'))} | {_fmt(inc.get('cli_seconds'), 2)} "
            f"| {_fmt(inc.get('inprocess_seconds'), 3)} | {_fmt(inc.get('rescan_seconds'), 3)} "
            f"| {_fmt(r.get('db_bytes', 0) / 1e6)} |")
    lines += ["", "## Answer latency (in-process `Store.query.ask`, ms)", "",
              "| backend | N | round p50 | round p99 | timeline p50 | timeline p99 | person p50 | person p99 "
              "| topic p50 | topic p99 | runs/kind |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lat = r.get("latency")
        if not lat:
            continue
        cells = []
        for kind in QUESTIONS:
            v = lat.get(kind, {})
            cells += [_fmt(v.get("p50_ms")), _fmt(v.get("p99_ms"))]
        runs = "/".join(str(lat.get(k, {}).get("n", 0)) for k in QUESTIONS)
        lines.append(f"| {r['backend']} | {r['n']:,} | " + " | ".join(cells) + f" | {runs} |")
    lines += ["", "## Slack over HTTP (`factdesk serve`, fake Slack, concurrent slash commands)", "",
              "| backend | N | requests | ack p50 ms | ack p99 ms | non-200 | answered | answer p50 ms "
              "| answer p99 ms | one at a time: ack p50 ms | ack p99 ms | note |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        h = r.get("http")
        if not isinstance(h, dict):
            continue
        if "skipped" in h:
            lines.append(f"| {r['backend']} | {r['n']:,} | | | | | | | | | | skipped: {h['skipped'][:300]} |")
            continue
        a, ans, seq = h.get("ack", {}), h.get("answer", {}), h.get("ack_sequential", {})
        lines.append(f"| {r['backend']} | {r['n']:,} | {h.get('requests')} | {_fmt(a.get('p50_ms'))} "
                     f"| {_fmt(a.get('p99_ms'))} | {h.get('non_200')} | {h.get('answered')} "
                     f"| {_fmt(ans.get('p50_ms'))} | {_fmt(ans.get('p99_ms'))} "
                     f"| {_fmt(seq.get('p50_ms'))} | {_fmt(seq.get('p99_ms'))} | start-up {h.get('startup_s')} s |")
    for q in report.get("quality", []):
        lines += ["", f"## Answer quality: `{q['corpus']}` gold (top {TOP_K} per round)", ""]
        if "skipped" in q:
            lines.append(f"Skipped: {q['skipped']}")
            continue
        nums = sorted({n for s in q["systems"].values() for n in s.get("rounds", {})})
        lines += ["| system | recall | " + " | ".join(f"recall r{n}" for n in nums)
                  + " | wrong-round | duplicates | citation precision | round headers | ms/answer (in-process) "
                    "| ms/answer (CLI) |",
                  "|---|---:|" + "---:|" * len(nums) + "---:|---:|---:|---:|---:|---:|"]
        for name, s in q["systems"].items():
            su = s.get("summary", {})
            per = [_fmt(s["rounds"][n]["recall"], 2) if n in s.get("rounds", {}) else "–" for n in nums]
            lines.append(f"| {name} | {_fmt(su.get('recall'), 2)} | " + " | ".join(per)
                         + f" | {_fmt(su.get('wrong_round'))} | {_fmt(su.get('duplicates'))} "
                           f"| {_fmt(su.get('citation_precision'), 2)} | {su.get('headers_ok') or 'n/a'} "
                           f"| {_fmt(su.get('ms_per_answer'), 2)} | {_fmt(su.get('cli_ms_per_answer'), 0)} |")
        bm = q["systems"].get("BM25 (rank_bm25)", {})
        if bm.get("queries"):
            lines.append("")
            lines.append("BM25 queries (from the gold date and round number only): "
                         + "; ".join(f"r{n}: \"{t}\"" for n, t in bm["queries"].items()) + ".")
        if q.get("score_py"):
            lines += ["", f"score.py: `{q['score_py']}`"]
    lines += ["", "## Targets (issue #6)", "", "| target | measured | verdict |", "|---|---|---|"]
    for t in report.get("targets", []):
        lines.append(f"| {t['target']} | {t['measured']} | {t['verdict']} |")
    notes = [f"- {r['backend']} N={r['n']:,}: {r['error'][:500]}" for r in rows if "error" in r]
    notes += [f"- {n}" for n in report.get("notes", [])]
    if notes:
        lines += ["", "## Notes", "", *notes]
    return "\n".join(lines) + "\n"


# -- driver ------------------------------------------------------------------------------------

def run_benchmarks(sizes: list[int], backends: list[str], out: Path, *, runs: int = 50, budget_s: float = 120.0,
                   http: bool = True, http_requests: int = 50, quality: bool = True,
                   golds: tuple[tuple[str, Path, Path], ...] = DEFAULT_GOLDS, postgres_url: str | None = None,
                   work_dir: Path | None = None, keep: bool = False, seed: int = 0,
                   ingest_timeout: float | None = None, command: str = "") -> dict[str, Any]:
    postgres_url = postgres_url or os.environ.get(POSTGRES_ENV, "").strip() or DEFAULT_POSTGRES
    notes: list[str] = []
    if "postgres" in backends:
        problem = postgres_problem(postgres_url)
        if problem:
            notes.append(f"PostgreSQL skipped: server at {postgres_url.split('@')[-1]} not usable ({problem})")
            backends = [b for b in backends if b != "postgres"]
    report: dict[str, Any] = {
        "command": command or f"python -m tests.bench.run --sizes {','.join(map(str, sizes))} "
                              f"--backends {','.join(backends)}",
        "machine": machine_info(postgres_url if "postgres" in backends else None),
        "settings": {"sizes": sizes, "backends": backends, "runs": runs, "budget_s": budget_s, "http": http,
                     "http_requests": http_requests, "seed": seed, "questions": QUESTIONS,
                     "slash_texts": SLASH_TEXTS},
        "code": code_fingerprint(),
        "rows": [], "quality": [], "notes": notes,
    }
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="factdesk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        report["targets"] = evaluate_targets(report["rows"])
        now = code_fingerprint()
        report["code_at_end"] = now
        changed = f"product code changed during the run ({report['code']['sha256']} -> {now['sha256']}, " \
                  f"last change {now['newest_change']}): in-process numbers use the code loaded at the start, " \
                  "child processes the code of their own start"
        report["notes"] = [n for n in report["notes"] if not n.startswith("product code changed")]
        if now["sha256"] != report["code"]["sha256"]:
            report["notes"].append(changed)
        (out / "report.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
        (out / "report.md").write_text(markdown(report), encoding="utf-8")

    try:
        for n in sizes:
            corpus_dir = work / f"corpus_{n}"
            _, n_bytes = make_corpus(n, corpus_dir, seed)
            for backend in backends:
                try:
                    row = bench_point(backend, n, corpus_dir, n_bytes, work, postgres_url=postgres_url, runs=runs,
                                      budget_s=budget_s, http=http, http_requests=http_requests,
                                      ingest_timeout=ingest_timeout, seed=seed, keep=keep)
                except Exception as exc:  # one broken point must not lose the others
                    row = {"backend": backend, "n": n, "error": f"{type(exc).__name__}: {exc}"}
                report["rows"].append(row)
                save()
            if not keep:
                shutil.rmtree(corpus_dir, ignore_errors=True)
        if quality:
            report["quality"] = bench_quality(golds, work)
        save()
    finally:
        if not keep and not work_dir:
            shutil.rmtree(work, ignore_errors=True)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", help="comma-separated corpus sizes (default 1000,10000,100000)")
    ap.add_argument("--backends", default="sqlite,postgres", help="sqlite,postgres (default both)")
    ap.add_argument("--out", type=Path, default=Path("bench-report"), help="report folder (default bench-report)")
    ap.add_argument("--quick", action="store_true", help="N=200 and N=1000 on SQLite only: a fast smoke run")
    ap.add_argument("--runs", type=int, default=50, help="timed questions per kind (default 50)")
    ap.add_argument("--budget", type=float, default=120.0, help="max seconds of timed questions per kind")
    ap.add_argument("--http-requests", type=int, default=50, help="concurrent slash commands (default 50)")
    ap.add_argument("--no-http", action="store_true", help="skip the factdesk serve benchmark")
    ap.add_argument("--no-quality", action="store_true", help="skip the quality table")
    ap.add_argument("--postgres-url", help=f"server URL (default ${POSTGRES_ENV} or {DEFAULT_POSTGRES})")
    ap.add_argument("--ingest-timeout", type=float, help="seconds before an ingest is stopped (default 120+0.2*N)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--work-dir", type=Path, help="where corpora and SQLite files go (default: a temp folder)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the generated corpora, SQLite files (in --work-dir) and PostgreSQL databases")
    args = ap.parse_args(argv)
    if args.quick:
        sizes = list(QUICK_SIZES) if not args.sizes else [int(s) for s in args.sizes.split(",")]
        backends = ["sqlite"]
    else:
        sizes = [int(s) for s in (args.sizes or ",".join(map(str, DEFAULT_SIZES))).split(",") if s.strip()]
        backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if any(n < 1 for n in sizes):
        ap.error("sizes must be >= 1")
    bad = [b for b in backends if b not in ("sqlite", "postgres")]
    if bad:
        ap.error(f"unknown backend(s): {', '.join(bad)} (sqlite, postgres)")
    if args.runs < 1 or args.http_requests < 1:
        ap.error("--runs and --http-requests must be >= 1")
    command = "python -m tests.bench.run " + " ".join(argv if argv is not None else sys.argv[1:])
    report = run_benchmarks(sizes, backends, args.out, runs=args.runs, budget_s=args.budget,
                            http=not args.no_http, http_requests=args.http_requests, quality=not args.no_quality,
                            postgres_url=args.postgres_url, work_dir=args.work_dir, keep=args.keep, seed=args.seed,
                            ingest_timeout=args.ingest_timeout, command=command.strip())
    print(markdown(report))
    log(f"report written to {args.out / 'report.md'} and {args.out / 'report.json'}")
    return 1 if any("error" in r for r in report["rows"]) else 0


if __name__ == "__main__":
    sys.exit(main())
