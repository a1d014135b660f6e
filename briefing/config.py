"""Where things live on the user's machine: the database and the config file (the
platform's user folders, by platformdirs: ``$XDG_DATA_HOME/briefing`` and
``$XDG_CONFIG_HOME/briefing`` on Linux).

Plain ``os.path`` strings, and platformdirs imported only when a folder is asked for: the
CLI's short commands resolve the database path, and given ``--db`` or ``$BRIEFING_DB`` they
need no folder (platformdirs brings in ``tempfile`` and ``shutil``).
"""
from __future__ import annotations

import os


def data_dir() -> str:
    import platformdirs

    return platformdirs.user_data_dir("briefing")


def config_dir() -> str:
    import platformdirs

    return platformdirs.user_config_dir("briefing")


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
