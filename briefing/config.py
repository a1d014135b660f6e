"""Where things live on the user's machine: the database and the config file.

Plain ``os.path`` strings: the CLI's short commands resolve the database path, and
``pathlib`` would be the largest import they pay for.
"""
from __future__ import annotations

import os


def data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "briefing")


def config_dir() -> str:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "briefing")


def default_db_path() -> str:
    return os.path.join(data_dir(), "briefing.db")


def resolve_db_path(cli_value: str | None) -> str:
    """--db, else $BRIEFING_DB, else the user's data folder."""
    if cli_value:
        return os.path.expanduser(cli_value)
    env = os.environ.get("BRIEFING_DB")
    if env:
        return os.path.expanduser(env)
    return default_db_path()


def config_path() -> str:
    return os.path.join(config_dir(), "config.toml")
