"""``factdesk`` (bot/cli.py): a few true end-to-end runs through a subprocess, the rest in-process."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from store import leases
from store.runtime import Store, open_store
from store.settings import Settings
from tests.conftest import DAM_TALKS, write

FACTDESK = Path(sys.executable).with_name("factdesk")
ROUND_2 = "2024-05-16"  # the undated article's round, as written in tests/articles/dam_talks


def env_for(database_url: str, folder: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTDESK_", "SLACK_"))}
    return env | {"FACTDESK_DATABASE_URL": database_url, "FACTDESK_SEEDS_DIR": str(folder)} | extra


def factdesk(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(FACTDESK), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def check_round_2_json(stdout: str, folder: Path) -> None:
    data = json.loads(stdout)
    assert data["kind"] == "round"
    assert (data["round"]["number"], data["round"]["date"], data["round"]["date_inferred"]) == (2, ROUND_2, True)
    assert data["facts"]
    for fact in data["facts"]:
        assert fact["round"] == 2
        for source in fact["sources"]:
            assert fact["text"] in (folder / source["file"]).read_text(encoding="utf-8")


# -- end to end, through a subprocess ---------------------------------------------------------------

def test_ingest_then_ask_round_2_as_json(database_url: str, dam_folder: Path, tmp_path: Path) -> None:
    env = env_for(database_url, dam_folder)
    ingest = factdesk("ingest", env=env, cwd=tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    assert "new 4" in ingest.stdout and "failed 0" in ingest.stdout

    ask = factdesk("ask", "round 2", "--json", env=env, cwd=tmp_path)
    assert ask.returncode == 0, ask.stderr
    assert "first run" not in ask.stderr
    check_round_2_json(ask.stdout, dam_folder)


def test_ask_on_a_fresh_database_ingests_the_folder_first(database_url: str, dam_folder: Path,
                                                          tmp_path: Path) -> None:
    env = env_for(database_url, dam_folder)
    first = factdesk("ask", "round 2", "--json", env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "first run" in first.stderr and str(dam_folder) in first.stderr
    check_round_2_json(first.stdout, dam_folder)

    again = factdesk("ask", "timeline", "--json", env=env, cwd=tmp_path)
    assert again.returncode == 0 and "first run" not in again.stderr
    assert [r["date"] for r in json.loads(again.stdout)["rounds"]] == ["2024-04-09", ROUND_2, "2024-06-04"]


def test_ingest_names_each_bad_file_and_its_reason(dam_folder: Path, tmp_path: Path) -> None:
    write(dam_folder, "broken.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")  # a JPEG ("\xff\xfe" is UTF-16's mark now)
    write(dam_folder, "big.txt", " date 2024-04-09 " + "The delegations met again in Geneva. " * 100)
    env = env_for(f"sqlite:///{tmp_path / 'kb.sqlite'}", dam_folder, FACTDESK_MAX_FILE_BYTES="2000")
    result = factdesk("ingest", env=env, cwd=tmp_path)
    assert result.returncode == 1  # the good files are in; the exit status says some were not
    assert "failed: big.txt: too large" in result.stderr
    assert "failed: broken.txt: binary" in result.stderr
    assert "new 4" in result.stdout and "failed 2" in result.stdout


def _without_root_override() -> list[str]:
    """A command prefix under which file permissions hold: root reads a chmod 000 folder anyway."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a chmod 000 folder stays readable")
    return [setpriv, "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]


@pytest.mark.parametrize("mode", [0, 0o644])  # neither listed nor entered; listed but not entered
def test_a_folder_that_cannot_be_read_withdraws_nothing(dam_folder: Path, tmp_path: Path, mode: int) -> None:
    """A folder made unreadable (or a share gone) withdrew every article in it, silently, exit 0."""
    sub = dam_folder / "wires"
    sub.mkdir()
    for article in sorted(p for p in dam_folder.iterdir() if p.is_file())[:2]:
        article.rename(sub / article.name)
    env = env_for(f"sqlite:///{tmp_path / 'kb.sqlite'}", dam_folder)
    assert "removed 0" in factdesk("ingest", env=env, cwd=tmp_path).stdout
    before = factdesk("ask", "timeline", env=env, cwd=tmp_path).stdout
    sub.chmod(mode)
    try:
        result = subprocess.run([*_without_root_override(), str(FACTDESK), "ingest"], env=env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=120)
    finally:
        sub.chmod(0o755)
    assert "removed 0" in result.stdout and "failed 1" in result.stdout, result.stdout
    assert result.returncode == 1
    assert "failed: wires/: cannot read this folder" in result.stderr and "2 article file(s) are kept" in result.stderr
    assert factdesk("ask", "timeline", env=env, cwd=tmp_path).stdout == before
    assert "• wires/: cannot read this folder" in factdesk("status", env=env, cwd=tmp_path).stdout


def test_an_ingest_by_hand_reads_a_failed_file_again(dam_folder: Path, tmp_path: Path) -> None:
    """The message says to set FACTDESK_FALLBACK_ENCODING; doing so and ingesting again still gave
    the old failure, since the file itself had not changed."""
    write(dam_folder, "latin1.txt", " date 2024-06-06 Le négociateur Tomás Ibarra a parlé vendredi à Genève "
          "du barrage et des prisonniers.\n".encode("cp1252"))
    env = env_for(f"sqlite:///{tmp_path / 'kb.sqlite'}", dam_folder)
    assert "failed: latin1.txt: not UTF-8" in factdesk("ingest", env=env, cwd=tmp_path).stderr
    again = factdesk("ingest", env=env | {"FACTDESK_FALLBACK_ENCODING": "cp1252"}, cwd=tmp_path)
    assert "failed 0" in again.stdout and "new 1" in again.stdout, again.stdout + again.stderr
    assert again.returncode == 0


# -- in-process ------------------------------------------------------------------------------------

@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dam_folder: Path) -> Path:
    for name in list(os.environ):
        if name.startswith(("FACTDESK_", "SLACK_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FACTDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'kb.sqlite'}")
    monkeypatch.setenv("FACTDESK_SEEDS_DIR", str(dam_folder))
    return dam_folder


def test_ask_prints_the_answer_with_numbered_sources(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "second", "round"]) == 0
    out = capsys.readouterr().out
    header, *lines = out.splitlines()
    assert header.startswith("Round 2 · Thu 16 May 2024 (date inferred)")
    assert "Sources:" in lines
    sources = lines[lines.index("Sources:") + 1:]
    assert sources and all(line.startswith(f"[{i}] ") for i, line in enumerate(sources, 1))
    assert any("002_ankara_round2_undated.txt" in line and "(inferred)" in line for line in sources)
    facts = [line for line in lines[:lines.index("Sources:")] if line[:1].isdigit()]
    assert facts and all(re.search(r"\[[1-9]\d*\]", line) for line in facts)


def test_ask_an_unknown_round(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "round", "9"]) == 0
    out = capsys.readouterr().out
    assert "There is no round 9" in out and "Known so far" in out and "Round 3" in out


def test_ask_next_page(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["ask", "round 1", "--json"])
    first = json.loads(capsys.readouterr().out)
    assert first["has_more"]
    main(["ask", "round 1", "--json", "--page", "2"])
    second = json.loads(capsys.readouterr().out)
    assert second["page"] == 2 and second["facts"]
    assert not {f["fact_id"] for f in first["facts"]} & {f["fact_id"] for f in second["facts"]}


def test_ask_with_nothing_to_ingest(cli_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FACTDESK_SEEDS_DIR", str(tmp_path / "no-such-folder"))
    assert main(["ask", "round 2"]) == 0
    assert "Nothing has been ingested yet" in capsys.readouterr().out


def test_ingest_a_missing_folder(cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(tmp_path / "nope")]) == 2
    assert "not found" in capsys.readouterr().err


@pytest.mark.parametrize("page", ["0", "-1", "two"])
def test_a_page_number_below_1_is_refused(cli_env: Path, page: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`factdesk ask "round 1" --page 0` showed page 1 without a word."""
    with pytest.raises(SystemExit) as exited:
        main(["ask", "round 1", "--page", page])
    assert exited.value.code == 2 and "--page" in capsys.readouterr().err


def test_ingest_a_file_says_it_wants_its_folder(cli_env: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """`factdesk ingest seeds/000.txt` said "articles folder not found" of a file that is there."""
    write(tmp_path / "one", "a.txt", (DAM_TALKS / "000_geneva_round1.txt").read_text(encoding="utf-8"))
    assert main(["ingest", str(tmp_path / "one" / "a.txt")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_ingest_an_explicit_folder(cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other"
    write(other, "only.txt", (DAM_TALKS / "000_geneva_round1.txt").read_text(encoding="utf-8"))
    assert main(["ingest", str(other)]) == 0
    assert "seen 1 / new 1" in capsys.readouterr().out


@pytest.fixture
def scan_under_way(cli_env: Path) -> Iterator[Store]:
    """The ``ingest`` lease held by someone else, as ``serve``'s folder watch holds it mid-scan."""
    store = open_store(Settings.from_env())
    assert leases.acquire(store.engine, leases.INGEST, "replica-2:scan", ttl=120)
    yield store
    store.close()


def test_ingest_by_hand_waits_for_a_scan_under_way(scan_under_way: Store, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FACTDESK_INGEST_WAIT", "60")
    done = threading.Timer(1.0, leases.release, (scan_under_way.engine, leases.INGEST, "replica-2:scan"))
    done.start()
    assert main(["ingest"]) == 0
    done.join()
    out, err = capsys.readouterr()
    assert "waiting for the ingest under way (replica-2:scan)" in err
    assert "new 4" in out
    assert leases.current(scan_under_way.engine, leases.INGEST) is None  # ours was released too


def test_ingest_by_hand_gives_up_on_a_scan_that_does_not_end(scan_under_way: Store,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FACTDESK_INGEST_WAIT", "1")
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    assert "still running after 1 s" in err and "FACTDESK_INGEST_WAIT" in err
    assert scan_under_way.never_ingested()  # nothing was read meanwhile
    assert main(["ask", "round 1"]) == 0  # a question neither fails nor ingests behind the scan's back
    assert scan_under_way.never_ingested()


def test_bad_configuration_is_reported(cli_env: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FACTDESK_MAX_FILE_BYTES", "lots")
    assert main(["ingest"]) == 2
    err = capsys.readouterr().err
    assert "configuration error" in err and "FACTDESK_MAX_FILE_BYTES" in err


def test_size_limit_from_the_environment(cli_env: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FACTDESK_MAX_FILE_BYTES", "900")  # 000 is just under 1 KB, the others smaller
    assert main(["ingest"]) == 1  # the rest is ingested, but a script running it must see the failure
    captured = capsys.readouterr()
    assert "failed: 000_geneva_round1.txt: too large" in captured.err
    assert "new 3" in captured.out


def test_ingesting_another_folder_adds_to_the_store(cli_env: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest"]) == 0
    extra = tmp_path / "extra"
    write(extra, "inspection.txt", " date 2024-06-10 The dam inspection began on Monday with 40 engineers, "
                                   "officials said.\n")
    assert main(["ingest", str(extra)]) == 0
    assert "removed 0" in capsys.readouterr().out
    assert main(["ask", "round 1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "round"


@pytest.mark.parametrize("value", ["-1", "two"])
def test_bad_answer_worker_count_is_reported(cli_env: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str], value: str) -> None:
    monkeypatch.setenv("FACTDESK_ANSWER_WORKERS", value)
    assert main(["ingest"]) == 2
    assert "FACTDESK_ANSWER_WORKERS" in capsys.readouterr().err


def test_answer_worker_count_from_the_environment() -> None:
    from store.settings import Settings

    assert Settings.from_env({"FACTDESK_ANSWER_WORKERS": "3"}).answer_workers == 3
    assert Settings.from_env({}).answer_workers == 0  # serve: one per core


def test_fallback_encoding_from_the_environment() -> None:
    from store.settings import Settings

    assert Settings.from_env({"FACTDESK_FALLBACK_ENCODING": " Windows-1252 "}).fallback_encoding == "cp1252"
    assert Settings.from_env({}).fallback_encoding is None
    for name in ("klingon", "rot13", "base64", "hex"):  # codecs, of no text: every file failed, with two tracebacks
        with pytest.raises(ValueError, match="FACTDESK_FALLBACK_ENCODING must name a text encoding"):
            Settings.from_env({"FACTDESK_FALLBACK_ENCODING": name})


def test_a_bad_time_zone_is_reported_before_anything_runs(cli_env: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The zone decides what "today" means in a question, so `ask` needs it as much as `serve`."""
    from store.settings import Settings

    assert Settings.from_env({"FACTDESK_TIMEZONE": " Europe/Kyiv "}).timezone == "Europe/Kyiv"
    assert Settings.from_env({}).timezone == "UTC"
    monkeypatch.setenv("FACTDESK_TIMEZONE", "Mars/Olympus_Mons")
    assert main(["ask", "today"]) == 2
    assert "FACTDESK_TIMEZONE must name a time zone" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "value", "said"), [
    ("FACTDESK_DATABASE_URL", "bogus://x", "cannot open the database bogus://x"),
    ("FACTDESK_DATABASE_URL", "postgresql+psycopg://postgres:pw@127.0.0.1:9/test", "postgres:***@127.0.0.1:9"),
    ("FACTDESK_LOG_LEVEL", "LOUD", "FACTDESK_LOG_LEVEL must be DEBUG"),
    ("FACTDESK_STORY_FILE", "/nonexistent/story.toml", "FACTDESK_STORY_FILE names no file"),
    ("FACTDESK_MAX_FILE_BYTES", "-5", "FACTDESK_MAX_FILE_BYTES must be a positive integer"),
    ("FACTDESK_DATABASE_URL", "mysql://root:pw@127.0.0.1:9/test", "its driver is not installed"),
    ("FACTDESK_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/test?password=pw", "?password=***"),
])
def test_a_bad_setting_is_one_line_not_a_traceback(cli_env: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str], name: str, value: str,
                                                   said: str) -> None:
    """A URL no driver takes, a server not there, a log level, a story file: each was a traceback
    (an unreachable server's 117 lines long)."""
    monkeypatch.setenv(name, value)
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and "pw@" not in err and "password=pw" not in err


def test_a_database_that_cannot_be_written_or_is_no_database_is_one_line(
        cli_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A read-only database file gave 52 lines of traceback; a URL naming an article file, 20."""
    assert main(["ingest"]) == 0
    capsys.readouterr()
    (cli_env / "late.txt").write_text(" date 2024-06-05 Engineers inspected the turbines on Tuesday.\n",
                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a URI filename made folders named "file:" where it ran
    monkeypatch.setenv("FACTDESK_DATABASE_URL", f"sqlite:///file:{tmp_path / 'kb.sqlite'}?mode=ro&uri=true")
    assert main(["ingest"]) == 2
    assert not (tmp_path / "file:").exists()
    err = capsys.readouterr().err
    assert "readonly database" in err and "Traceback" not in err and len(err.splitlines()) <= 3
    monkeypatch.setenv("FACTDESK_DATABASE_URL", f"sqlite:///{cli_env / 'late.txt'}")
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert "file is not a database" in err and "Traceback" not in err


def test_a_sigterm_stops_a_command_as_ctrl_c_does(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A SIGTERM (systemd, docker stop, timeout) killed an ingest outright and left its lease: the next
    ingest waited for a process that was gone. It now unwinds like Ctrl-C, whose cleanup releases it."""
    previous = signal.getsignal(signal.SIGTERM)
    try:
        assert main(["status"]) == 0
        handler = signal.getsignal(signal.SIGTERM)
        assert callable(handler)
        with pytest.raises(KeyboardInterrupt):
            handler(signal.SIGTERM, None)
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_story_file_that_is_no_toml_is_one_line(cli_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "story.toml").write_text("name = [broken\n", encoding="utf-8")
    monkeypatch.setenv("FACTDESK_STORY_FILE", str(tmp_path / "story.toml"))
    assert main(["status"]) == 2
    assert "FACTDESK_STORY_FILE is not valid TOML" in capsys.readouterr().err
