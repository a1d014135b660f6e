"""Opening a briefing database safely.

A file that is not ours (not SQLite, corrupt, written by a newer briefing, or some other
application's database) is refused with a one-line message before anything is written.
"""
from __future__ import annotations

import os
import sqlite3
from stat import S_ISDIR, S_ISREG

from db.schema import SCHEMA_VERSION, migrate

BUSY_TIMEOUT_S = 30.0
_SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """A database the user pointed us at cannot be used; the message is one line for the user."""


def connect(path: str | os.PathLike, *, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """Open (and if asked create or migrate) a briefing database.

    Connections are in autocommit mode (isolation_level=None): the store manages its own
    transactions, so one article and what came from it commit together. ``check_same_thread``
    is off so a Textual worker thread may use a connection made elsewhere (one at a time).
    """
    p = os.path.normpath(os.fspath(path))    # os.path, not pathlib: the CLI's import budget
    try:
        st = os.stat(p)
    except FileNotFoundError:
        st = None
    except OSError as e:                     # FILE/sub/x.db, a loop of links, no permission
        raise DatabaseError(f"cannot open {p}: {e.strerror}") from None
    if st is not None and S_ISDIR(st.st_mode):
        raise DatabaseError(f"{p} is a folder, not a database file")
    if st is not None and not S_ISREG(st.st_mode):
        # /dev/null would "work" and leave /dev/null-journal behind
        raise DatabaseError(f"{p} is not a regular file (a device, FIFO or socket); give a database file")
    exists = st is not None and st.st_size > 0
    if exists:
        _check_header(p)
    elif not create:
        raise DatabaseError(f"no database at {p} yet: run `briefing ingest PATH` first")
    else:
        folder = os.path.dirname(os.path.abspath(p))
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as e:
            raise DatabaseError(f"cannot create the folder for {p}: {e.strerror} ({e.filename})") from None
    if exists and not readonly and not writable(p):
        if create:                           # a writer: say so once, before any work
            raise DatabaseError(f"{p} is read-only (no permission to write it or its folder); "
                                "cannot write to it")
        readonly = True                      # a reader: read it as it is

    try:
        if readonly:
            # the three characters a file: URI's path may not hold bare
            path = os.path.realpath(p).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
            uri = f"file:{path}?mode=ro"
            folder = os.path.dirname(os.path.realpath(p))
            if not os.access(folder, os.W_OK) and not os.path.exists(p + "-wal"):
                # in a folder it cannot write, SQLite cannot make the -shm a WAL database needs;
                # with no -wal nothing is uncommitted, and nobody can change the file meanwhile
                uri += "&immutable=1"
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S,
                                   isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(p), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
    except sqlite3.Error as e:
        raise DatabaseError(f"cannot open {p}: {e}") from None
    try:
        _check_ours(conn, p)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")
        if not readonly:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
            if create:
                check_writes(conn, p)
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -32000")
    except sqlite3.DatabaseError as e:
        conn.close()
        raise DatabaseError(f"{p} is not a usable briefing database: {e}") from None
    except DatabaseError:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn


def writable(p: str) -> bool:
    """Whether this process may write the database file and create its journal beside it."""
    return os.access(p, os.W_OK) and os.access(os.path.dirname(os.path.abspath(p)), os.W_OK)


def check_writes(conn: sqlite3.Connection, p: str) -> None:
    """Write the header's version unchanged and roll it back: a file SQLite could open only
    read-only (a read-only mount, a permission the process bypasses no longer) fails here,
    once, not once per article. (Taking the write lock alone succeeds on a read-only WAL file.)"""
    conn.execute("PRAGMA busy_timeout = 0")     # another writer at work is no answer: ours waits later
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA user_version = {int(conn.execute('PRAGMA user_version').fetchone()[0])}")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.OperationalError as e:
        if (getattr(e, "sqlite_errorname", None) or "").startswith("SQLITE_READONLY"):
            raise DatabaseError(f"{p} is read-only ({e}); cannot write to it") from None
        if not (getattr(e, "sqlite_errorname", None) or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")


def _check_header(p: str) -> None:
    try:
        with open(p, "rb") as f:
            head = f.read(16)
    except OSError as e:
        raise DatabaseError(f"cannot read {p}: {e.strerror}") from None
    if head != _SQLITE_MAGIC:
        raise DatabaseError(f"{p} is not a SQLite database; refusing to touch it")


def _check_ours(conn: sqlite3.Connection, p: str) -> None:
    """Refuse newer schemas and other applications' databases without writing anything."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as e:
        raise DatabaseError(f"{p} is not a usable database: {e}") from None
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{p} was written by a newer briefing (schema {version}, this one knows {SCHEMA_VERSION}); "
            "upgrade briefing to open it"
        )
    if tables and "articles" not in tables:
        raise DatabaseError(f"{p} is a SQLite database but not a briefing one; refusing to touch it")
    if version == 0 and "articles" in tables:
        raise DatabaseError(f"{p} has an articles table but no briefing schema version; refusing to touch it")

