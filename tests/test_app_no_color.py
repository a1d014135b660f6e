"""NO_COLOR as a terminal sees it: the app runs in a pseudo-terminal and its bytes are read."""
from __future__ import annotations

import os
import re
import select
import sys
import time
from pathlib import Path

import pytest


pty = pytest.importorskip("pty")

SGR = re.compile(rb"\x1b\[([0-9;]*)m")


def screen_bytes(db: Path, env: dict[str, str], rows: int = 24, cols: int = 80) -> bytes:
    """What the app sends to an 80x24 xterm until its first rows are drawn (it then quits)."""
    import fcntl
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:                                    # the child: the app, as `briefing --db DB`
        os.environ.update(env, BRIEFING_EXIT_AFTER_FIRST_DATA="1", TERM="xterm-256color")
        os.execv(sys.executable, [sys.executable, "-m", "briefing", "--db", str(db)])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    out = b""
    deadline = time.monotonic() + 60                # a safety net against a hang, not a speed check
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:                         # the child closed the terminal
                break
            if not data:
                break
            out += data
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.WEXITSTATUS(status) == 0, out[-500:]
    return out


def sgr_params(out: bytes) -> set[str]:
    return {p for m in SGR.finditer(out) for p in m.group(1).decode().split(";")}


def colour_codes(out: bytes) -> list[bytes]:
    """SGR sequences that set a colour (30-37, 38;…, 40-47, 48;…, 90-97, 100-107)."""
    found = []
    for m in SGR.finditer(out):
        params = [int(p) for p in m.group(1).split(b";") if p]
        if any(30 <= p <= 38 or 40 <= p <= 48 or 90 <= p <= 97 or 100 <= p <= 107 for p in params):
            found.append(m.group())
    return found


@pytest.mark.slow
def test_no_color_sends_no_colour_codes_and_marks_the_cursor_by_reverse(fx_db, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = screen_bytes(fx_db, {})
    assert colour_codes(coloured)                   # (the check can see colour when there is some)
    out = screen_bytes(fx_db, {"NO_COLOR": "1"})
    assert b"Northern Rail Pact" in out or b"rail" in out.lower()
    assert colour_codes(out) == []
    params = sgr_params(out)
    assert {"1", "2", "7"} <= params                # bold, dim and reverse (the cursor) carry the meaning
