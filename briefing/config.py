"""Where things live on the user's machine: the database and the config file."""
from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "briefing"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "briefing"


def default_db_path() -> Path:
    return data_dir() / "briefing.db"


def resolve_db_path(cli_value: str | None) -> Path:
    """--db, else $BRIEFING_DB, else the user's data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("BRIEFING_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


def config_path() -> Path:
    return config_dir() / "config.toml"
