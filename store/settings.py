"""Configuration from the environment: the one place that reads ``FACTDESK_*`` and Slack variables.

Everything else receives a :class:`Settings` object, so tests can build one by hand
and nothing deep in the code reaches for ``os.environ`` on its own.
"""

from __future__ import annotations

import codecs
import os
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///factdesk.sqlite"
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").replace(";", ",").split(",") if v.strip())


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def _ranged(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    """An integer setting between ``low`` and ``high``: "FACTDESK_PORT=99999" was taken, and wrapped."""
    value = _int(env, name, default)
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _positive(env: dict[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return value


def _log_level(env: dict[str, str]) -> str:
    level = env.get("FACTDESK_LOG_LEVEL", "").strip().upper() or "INFO"
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ValueError(f"FACTDESK_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {level!r}")
    return level


def _story_file(env: dict[str, str]) -> Path | None:
    raw = env.get("FACTDESK_STORY_FILE", "").strip()
    if not raw:
        return None
    if not Path(raw).is_file():
        raise ValueError(f"FACTDESK_STORY_FILE names no file: {raw}")
    try:
        tomllib.loads(Path(raw).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"FACTDESK_STORY_FILE is not valid TOML ({raw}): {exc}") from exc
    return Path(raw)


def _encoding(env: dict[str, str], name: str) -> str | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        info = codecs.lookup(raw)
    except LookupError:
        info = None
    # rot13, base64, hex are codecs too, but of bytes to bytes or text to text: every file then failed
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"{name} must name a text encoding Python knows (e.g. cp1252, latin-1), got {raw!r}")
    return info.name


def time_zone(name: str) -> zoneinfo.ZoneInfo:
    """The newsroom's time zone (``Settings.timezone``), or a ValueError that names the setting."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"FACTDESK_TIMEZONE must name a time zone such as UTC or Europe/Kyiv, got {name!r}") \
            from exc


def _count(env: dict[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value < 0:
        raise ValueError(f"{name} must be 0 or more, got {value}")
    return value


@dataclass(frozen=True)
class Settings:
    """Runtime configuration. Secrets are kept out of ``repr`` so they never reach a log."""

    database_url: str = DEFAULT_DATABASE_URL
    seeds_dir: Path = Path("seeds")
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    fallback_encoding: str | None = None  # files not in UTF-8 are read as this; None: they are refused
    story_file: Path | None = None
    port: int = 3000
    host: str = "0.0.0.0"  # HTTP mode listens on every interface by default (Slack must reach it)
    watch_interval: int = 10
    lease_seconds: int = 60  # how long a dead ingester's lease blocks the other replicas
    ingest_wait: int = 600  # how long a command-line ingest waits for a scan or reindex under way
    answer_workers: int = 0  # processes computing answers in `serve`; 0: one per core (at least 2)
    digest_channels: tuple[str, ...] = ()
    digest_cron: str = "0 8 * * 1-5"
    timezone: str = "UTC"  # the newsroom's: digests' schedule, and the day "today" means in a question
    admin_user_ids: tuple[str, ...] = ()
    log_level: str = "INFO"
    slack_api_url: str | None = None
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            database_url=env.get("FACTDESK_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            seeds_dir=Path(env.get("FACTDESK_SEEDS_DIR", "").strip() or "seeds"),
            max_file_bytes=_positive(env, "FACTDESK_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES),
            fallback_encoding=_encoding(env, "FACTDESK_FALLBACK_ENCODING"),
            story_file=_story_file(env),
            port=_ranged(env, "FACTDESK_PORT", 3000, 0, 65535),  # 0: any free port
            host=env.get("FACTDESK_HOST", "").strip() or "0.0.0.0",
            watch_interval=_positive(env, "FACTDESK_WATCH_INTERVAL", 10),
            lease_seconds=_positive(env, "FACTDESK_LEASE_SECONDS", 60),
            ingest_wait=_ranged(env, "FACTDESK_INGEST_WAIT", 600, 0, 10**9),
            answer_workers=_count(env, "FACTDESK_ANSWER_WORKERS", 0),
            digest_channels=_list(env.get("FACTDESK_DIGEST_CHANNELS")),
            digest_cron=env.get("FACTDESK_DIGEST_CRON", "").strip() or "0 8 * * 1-5",
            timezone=time_zone(env.get("FACTDESK_TIMEZONE", "").strip() or "UTC").key,
            admin_user_ids=_list(env.get("FACTDESK_ADMIN_USER_IDS")),
            log_level=_log_level(env),
            slack_api_url=env.get("SLACK_API_URL", "").strip() or None,
            slack_bot_token=env.get("SLACK_BOT_TOKEN", "").strip() or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip() or None,
            slack_app_token=env.get("SLACK_APP_TOKEN", "").strip() or None,
        )
