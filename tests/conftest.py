"""Shared fixtures for the knowledge-base tests (store + CLI).

``database_url`` runs a test once on SQLite (a real file in tmp_path) and once on
PostgreSQL, in a database created for that test alone and dropped afterwards (a copy of
a template migrated once per session, with no data). The PostgreSQL run is skipped,
with a message, unless FACTDESK_TEST_POSTGRES_URL points at a server (trust auth, e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/test).

The helpers below the fixtures are plain functions; test modules import them with
``from tests.conftest import ...``.
"""

from __future__ import annotations

import html
import os
import shutil
import stat
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from store.answers import Answer, FactItem
from store.db import make_engine, migrate
from store.extract.documents import document_kind, document_text
from store.models import Article, ArticleFile, Fact, FactGroup, Mention, Round
from store.runtime import Store, open_store
from store.settings import Settings
from tests.fake_slack import FakeSlack
from tests.slack_fixtures import PROXY_VARS

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
ARTICLES = TESTS / "articles"
DAM_TALKS = ARTICLES / "dam_talks"
SEEDS = ROOT / "seeds"
CORPORA = TESTS / "corpora"
POSTGRES_ENV = "FACTDESK_TEST_POSTGRES_URL"


# -- databases ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def postgres_template() -> Iterator[tuple[URL, str]]:
    """A database migrated once per session; each test's database is a copy of it (faster than migrating)."""
    server = os.environ.get(POSTGRES_ENV, "").strip()
    if not server:
        pytest.skip(f"PostgreSQL not tested: set {POSTGRES_ENV} "
                    "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run these tests on it too")
    url = make_url(server).set(drivername="postgresql+psycopg")
    name = f"factdesk_test_template_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(url.set(database=name).render_as_string(hide_password=False))
        migrate(engine)
        engine.dispose()
        yield url, name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def new_database(kind: str, folder: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database with the schema: a SQLite file in ``folder``, or a PostgreSQL database created
    for the caller (a copy of the session's migrated template) and dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'factdesk.sqlite'}"
        return
    url, template = request.getfixturevalue("postgres_template")
    name = f"factdesk_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of this test's own, on each backend (see :func:`new_database`)."""
    with new_database(request.param, tmp_path, request) as url:
        yield url


@contextmanager
def ingested(kind: str, src: Path, folder: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Store, Path]]:
    """A store on a new database with a writable copy of ``src`` ingested: for read-only tests that share it."""
    copy = copy_folder(src, folder / "articles")
    with new_database(kind, folder, request) as url:
        store = open_store(Settings(database_url=url, seeds_dir=copy))
        try:
            report = store.ingest(copy)
            assert report.failed == 0 and report.new == len(list(copy.iterdir()))
            yield store, copy
        finally:
            store.close()


@pytest.fixture
def make_store(database_url: str, tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """Open stores on ``database_url`` (all closed at teardown); keyword arguments go to Settings."""
    opened: list[Store] = []

    def make(**settings: object) -> Store:
        settings.setdefault("database_url", database_url)
        settings.setdefault("seeds_dir", tmp_path / "articles")
        store = open_store(Settings(**settings))  # type: ignore[arg-type]
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store()


# -- article folders ----------------------------------------------------------------------------

def copy_folder(src: Path, dst: Path) -> Path:
    """Copy a folder of articles, writable (the seeds are read-only in the repository)."""
    shutil.copytree(src, dst)
    for path in dst.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return dst


@pytest.fixture
def dam_folder(tmp_path: Path) -> Path:
    """A writable copy of tests/articles/dam_talks (our own four-article story, three rounds)."""
    return copy_folder(DAM_TALKS, tmp_path / "articles")


@pytest.fixture
def seeds_folder(tmp_path: Path) -> Path:
    return copy_folder(SEEDS, tmp_path / "seeds")


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- reading answers and the database -----------------------------------------------------------

def all_facts(store: Store, question: str, max_pages: int = 50) -> list[FactItem]:
    """Every fact of an answer, over all its pages."""
    facts: list[FactItem] = []
    for page in range(1, max_pages + 1):
        answer = store.query.ask(question, page=page)
        facts += answer.facts
        if not answer.has_more:
            return facts
    raise AssertionError(f"{question!r}: more than {max_pages} pages")


def cited(answer: Answer, fact: FactItem) -> list[tuple[str, str]]:
    """(file name, text that file is cited for) for every citation of a fact."""
    out = [(answer.source(n).file, fact.text) for n in fact.sources]
    out += [(c.file, c.text) for c in fact.corroboration]
    return out


def _file_text(path: Path) -> str:
    """A file's text as a reader sees it: a Word or PDF document's words, a web page's characters
    ("&ldquo;" is “), anything else as written."""
    data = path.read_bytes()
    kind = document_kind(data)
    text = document_text(data, kind) if kind else data.decode("utf-8")
    return html.unescape(text) if path.suffix.lower() in (".html", ".htm") else text


def assert_citations_hold(answer: Answer, folder: Path) -> None:
    """Every file an answer cites exists in ``folder`` and contains the text it is cited for."""
    texts = {p.name: _file_text(p) for p in folder.rglob("*") if p.is_file()}
    assert answer.facts, f"{answer.query!r} gave no facts to check"
    for fact in answer.facts:
        for file, sentence in cited(answer, fact):
            assert file in texts, f"{answer.query!r} cites {file!r}, which is not in {folder}"
            assert sentence in texts[file], f"{answer.query!r}: {file} does not contain {sentence!r}"


def counts(store: Store) -> dict[str, int]:
    with store.sessions() as s:
        return {
            "articles": s.scalar(select(func.count()).select_from(Article)) or 0,
            "active_articles": s.scalar(select(func.count()).select_from(Article).where(
                Article.withdrawn_at.is_(None))) or 0,
            "files": s.scalar(select(func.count()).select_from(ArticleFile)) or 0,
            "facts": s.scalar(select(func.count()).select_from(Fact)) or 0,
            "groups": s.scalar(select(func.count()).select_from(FactGroup)) or 0,
            "mentions": s.scalar(select(func.count()).select_from(Mention)) or 0,
            "rounds": s.scalar(select(func.count()).select_from(Round)) or 0,
        }


def rounds(store: Store) -> list[tuple[int, str]]:
    with store.sessions() as s:
        return [(r.number, r.date.isoformat()) for r in s.scalars(select(Round).order_by(Round.number))]


def with_text(facts: list[FactItem], needle: str) -> list[FactItem]:
    return [f for f in facts if needle in f.text]


running_as_root = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack_sdk honours HTTPS_PROXY but not NO_PROXY: never tunnel to the local fakes on 127.0.0.1."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    """A fake Slack Web API (tests/fake_slack.py) for one test; a module may share one instead."""
    with FakeSlack() as fake:
        yield fake
