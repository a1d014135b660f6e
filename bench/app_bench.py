"""App responsiveness: the briefing app on a big database vs a minimal Textual app, same run.

Each app runs in a fresh child process (so imports, start-up and peak memory are its own),
headless through Textual's ``run_test`` at a fixed size, and reports monotonic timestamps:

* launch    spawn of the interpreter -> the first frame composed after rows are on screen
            (the minimal app: its first frame, which holds its one line of text);
* switch    a pane key (2, 3, 4, 1) -> the first frame composed with that pane's rows on screen
            (its workers finished, its lists loaded) and something focused, checked as each frame
            is composed, like launch (``switch_poll_ms``: the older measure, the first frame after
            the driver saw that state, which also waits for whatever draws next);
* scroll    1,000 presses of ``j`` (one row each), every key handled and drawn, then the rows
            under the cursor loaded;
* memory    ru_maxrss of the child (os.wait4), i.e. the whole app process at its peak.

Run as a script it is the child: ``python bench/app_bench.py --child KIND DB OUT.json``.
"""
from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import PY, child_env, run_child  # noqa: E402

SIZE = (120, 40)
PANE_KEYS = ("2", "3", "1")       # 4 (search) focuses its input: timed last, with a query
SEARCH_QUERY = "oil prices"
SCROLL_ROWS = 1000
TIMEOUT_S = 120.0


# ---- parent side --------------------------------------------------------------------------
def run_app_child(kind: str, db_path: Path | None, out_dir: Path, scroll_rows: int = SCROLL_ROWS) -> dict:
    """One child run of ``kind`` ("briefing" or "minimal"); times relative to the spawn."""
    out = out_dir / f"app-{kind}.json"
    out.unlink(missing_ok=True)
    cmd = [PY, str(Path(__file__).resolve()), "--child", kind, str(db_path or ""), str(out), str(scroll_rows)]
    t_spawn = time.monotonic()
    child = run_child(cmd, env=child_env(), timeout=TIMEOUT_S * 3)
    if child.returncode != 0 or not out.exists():
        raise RuntimeError(f"app child {kind} failed (exit {child.returncode}): {child.stderr[-3000:]}")
    r = json.loads(out.read_text())
    res = {"launch_ms": (r["t_ready"] - t_spawn) * 1000, "import_ms": (r["t_imported"] - t_spawn) * 1000,
           "launch_poll_ms": (r.get("t_ready_poll", r["t_ready"]) - t_spawn) * 1000,
           "settled_ms": (r["t_settled"] - t_spawn) * 1000 if "t_settled" in r else None,
           "peak_mb": child.maxrss_mb, "wall_s": child.seconds, "timed_out": r.get("timed_out", [])}
    for k in ("switch_ms", "switch_again_ms", "switch_settled_ms", "switch_poll_ms", "switch_again_poll_ms",
              "scroll_ms", "scroll_rows", "scroll_ms_per_row",
              "scroll_key_p50_ms", "scroll_key_p95_ms", "scroll_key_max_ms", "jump_end_ms", "rows_on_first_screen", "search_ms",
              "search_rows", "scroll_lost_keys", "scroll_wall_ms"):
        if k in r:
            res[k] = r[k]
    if r.get("switch_ms"):
        res["switch_max_ms"] = max(r["switch_ms"].values())
        res["switch_again_max_ms"] = max(r["switch_again_ms"].values())
    return res


def app_bench(db_path: Path, out_dir: Path, runs: int = 3, scroll_rows: int = SCROLL_ROWS) -> dict:
    """Median of ``runs`` launches of each app, alternating so machine load hits both alike."""
    briefing, minimal = [], []
    for _ in range(runs):
        minimal.append(run_app_child("minimal", None, out_dir, 0))
        briefing.append(run_app_child("briefing", db_path, out_dir, scroll_rows))

    def med(rows: list[dict]) -> dict:
        best = sorted(rows, key=lambda r: r["launch_ms"])[len(rows) // 2]
        out = dict(best)
        out["launch_runs_ms"] = [r["launch_ms"] for r in rows]
        out["peak_mb"] = max(r["peak_mb"] for r in rows)
        return out

    return {"briefing": med(briefing), "minimal": med(minimal), "runs": runs, "size": list(SIZE)}


# ---- child side ---------------------------------------------------------------------------
def _minimal_app():
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App):
        def compose(self):
            yield Static("briefing bench: one line of text")

    return Minimal()


def _briefing_app(db_path: str):
    from briefing.app import BriefingApp

    return BriefingApp(db_path)


def _visible(w) -> bool:
    try:
        return bool(w.display and w.region.area > 0)
    except Exception:  # noqa: BLE001
        return False


def _row_count(w) -> int | None:
    """Rows a list-like widget holds, or None when it is not a list."""
    name = type(w).__name__
    if hasattr(w, "loaded_items") and hasattr(w, "count"):      # briefing's VirtualList
        try:
            return len(w.loaded_items()) if w.count else 0
        except Exception:  # noqa: BLE001
            return None
    if name == "DataTable" or hasattr(w, "row_count"):
        return getattr(w, "row_count", None)
    if hasattr(w, "option_count"):
        return w.option_count
    if name == "ListView":
        return len(w.children)
    return None


def _lists(app) -> list:
    return [w for w in app.screen.walk_children() if _row_count(w) is not None and _visible(w)]


def _fetching(w) -> bool:
    """A list waiting for rows (briefing's VirtualList says so as ``loading`` or ``fetching``)."""
    return any(bool(getattr(w, name, False)) for name in ("loading", "fetching", "_pending"))


def _lists_loading(app) -> bool:
    return any(_fetching(w) for w in _lists(app))


def _busy(app) -> bool:
    """A worker is running or a visible list is fetching rows."""
    if any(getattr(w, "is_running", False) for w in app.workers):
        return True
    return _lists_loading(app)


def _rows_shown(app) -> int:
    return sum(_row_count(w) or 0 for w in _lists(app))


class _Frames:
    """Timestamps of composed frames: wraps App._display, which every refresh goes through."""

    def __init__(self, app, ready=None):
        self.times: list[float] = []
        self.ready_at: float | None = None        # first frame composed while ``ready()`` held
        self.ready = ready
        original = app._display

        def display(screen, update):
            if getattr(app, "_batch_count", 0):
                return original(screen, update)   # a batch update: nothing is written (not a frame)
            t = time.monotonic()
            self.times.append(t)
            out = original(screen, update)
            if self.ready_at is None and self.ready is not None and self.ready():
                self.ready_at = t
            return out

        app._display = display

    def watch(self, ready) -> None:
        """Note the first frame composed from now on while ``ready()`` holds (in ``ready_at``)."""
        self.ready_at, self.ready = None, ready

    async def after(self, t: float, timeout: float = 2.0) -> float:
        """The first frame composed at or after ``t`` (waits for one if needed)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for x in self.times:
                if x >= t:
                    return x
            await asyncio.sleep(0.001)
        return time.monotonic()


def _row_loaded(lst) -> bool:
    """The row under the cursor is fetched (not a placeholder), for lists that page."""
    item = getattr(lst, "item", None)
    return item is None or not callable(item) or item(lst.cursor) is not None


async def _until(pred, timeout: float = TIMEOUT_S) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        await asyncio.sleep(0.0005)
    return False


def _send_key(app, key: str) -> None:
    """Deliver a key as the terminal driver would, without Pilot's idle waits (>= 40 ms a key)."""
    from textual import events

    ev = events.Key(key, key if len(key) == 1 else {"space": " "}.get(key))
    ev.set_sender(app)
    app._driver.send_message(ev)


def _view(app) -> tuple:
    """What changes when a pane is switched: the focused widget and the visible lists."""
    return (id(app.focused), frozenset(id(w) for w in _lists(app)))


async def _switch(app, frames: _Frames, key: str, timed_out: list[str], settled: dict[str, float],
                  polled: dict[str, float] | None = None) -> float:
    """Key -> the first frame composed with the pane's rows on screen (or, for a pane without
    rows, its workers done) and something focused: checked as each frame is composed, as for
    launch. ``polled`` gets the older measure: the first frame after this coroutine saw that
    state, which adds the event loop's latency and waits for a further frame (one that may
    only come when something unrelated redraws).

    Work a pane defers until after its rows (the quotes pane's speaker facet) is not waited
    for; the time until every worker finished is kept in ``settled``.
    """
    before = _view(app)

    def shown_now() -> bool:
        return (_view(app) != before and app.focused is not None
                and ((_rows_shown(app) > 0 and not _lists_loading(app)) or not _busy(app)))

    frames.watch(shown_now)
    t0 = time.monotonic()
    _send_key(app, key)
    if not await _until(lambda: _view(app) != before, 10):
        timed_out.append(f"switch {key} (no change)")
    if not await _until(lambda: app.focused is not None, 2):      # keys typed next must land somewhere
        timed_out.append(f"switch {key} (nothing focused)")
    if not await _until(lambda: (_rows_shown(app) > 0 and not _lists_loading(app)) or not _busy(app), 30):
        timed_out.append(f"switch {key}")
    t_poll = await frames.after(time.monotonic())
    if polled is not None:
        polled[key] = (t_poll - t0) * 1000
    shown = ((frames.ready_at or t_poll) - t0) * 1000
    frames.watch(None)
    if not await _until(lambda: not _busy(app), 30):
        timed_out.append(f"switch {key} settle")
    settled[key] = (time.monotonic() - t0) * 1000
    return shown


async def _drive(kind: str, db_path: str, scroll_rows: int) -> dict:
    from bench.measure import percentile

    app = _minimal_app() if kind == "minimal" else _briefing_app(db_path)
    t_imported = time.monotonic()
    frames = _Frames(app, None if kind == "minimal" else
                     lambda: _rows_shown(app) > 0 and not _lists_loading(app))
    timed_out: list[str] = []
    res: dict = {"t_imported": t_imported}
    async with app.run_test(size=SIZE):
        if kind == "minimal":
            res["t_ready"] = await frames.after(0.0)
            return res | {"timed_out": timed_out}
        # first screen with data: rows in the visible list and a frame drawn with them; the
        # header counts and palette data may still be loading behind (they are not data rows)
        if not await _until(lambda: _rows_shown(app) > 0 and not _lists_loading(app)):
            timed_out.append("launch")
        # t_ready: the first frame whose composition had the rows (checked as it is composed);
        # t_ready_poll: the older measure, the first frame after this coroutine saw the rows, which
        # adds the event loop's latency and one more frame (the minimal app pays neither)
        res["t_ready_poll"] = await frames.after(time.monotonic())
        res["t_ready"] = frames.ready_at or res["t_ready_poll"]
        res["rows_on_first_screen"] = _rows_shown(app)
        if not await _until(lambda: not _busy(app)):     # let start-up work finish before timing keys
            timed_out.append("settle")
        res["t_settled"] = time.monotonic()
        if scroll_rows < 0:                               # launch only (for profiling start-up)
            return res | {"timed_out": timed_out}

        # first time each pane is shown (lazy mount + first load), then again (already loaded)
        settled: dict[str, float] = {}
        polled: dict[str, float] = {}
        res["switch_ms"] = {k: await _switch(app, frames, k, timed_out, settled, polled) for k in PANE_KEYS}
        res["switch_settled_ms"] = dict(settled)
        res["switch_poll_ms"] = dict(polled)
        polled = {}
        res["switch_again_ms"] = {k: await _switch(app, frames, k, timed_out, settled, polled) for k in PANE_KEYS}
        res["switch_again_poll_ms"] = dict(polled)

        lst = app.focused
        if scroll_rows and isinstance(getattr(lst, "cursor", None), int):
            start = lst.cursor
            lat: list[float] = []
            t0 = time.monotonic()
            lost = 0
            for i in range(1, scroll_rows + 1):
                t = time.monotonic()
                _send_key(app, "j")
                # a key with no effect after 1 s counts as lost and is sent again
                while not await _until(lambda: lst.cursor >= start + i, 1.0):
                    lost += 1
                    if lost > 50:
                        break
                    t = time.monotonic()        # time the key that worked, not the wait for the lost one
                    _send_key(app, "j")
                if lost > 50:
                    timed_out.append(f"scroll stopped at row {lst.cursor - start}")
                    break
                lat.append((time.monotonic() - t) * 1000)
            res["scroll_lost_keys"] = lost
            t_last = time.monotonic()
            if not await _until(lambda: _row_loaded(lst) and not _busy(app), 30):
                timed_out.append("scroll")
            t1 = await frames.after(time.monotonic())
            res["scroll_wall_ms"] = (t1 - t0) * 1000       # includes 1 s per lost key
            res["scroll_ms"] = sum(lat) + (t1 - t_last) * 1000
            res["scroll_rows"] = lst.cursor - start
            res["scroll_ms_per_row"] = res["scroll_ms"] / max(1, res["scroll_rows"])
            res["scroll_key_p50_ms"] = percentile(lat, 50)
            res["scroll_key_p95_ms"] = percentile(lat, 95)
            res["scroll_key_max_ms"] = max(lat) if lat else None
            t0 = time.monotonic()
            _send_key(app, "G")
            while not await _until(lambda: lst.cursor >= lst.count - 1, 1.0) and lost < 60:
                lost += 1
                t0 = time.monotonic()
                _send_key(app, "G")
            res["scroll_lost_keys"] = lost
            # the row at the end is requested when it is first drawn: wait for that to start
            await _until(lambda: _row_loaded(lst) or _fetching(lst), 1.0)
            if not await _until(lambda: _row_loaded(lst) and not _busy(app), 60):
                timed_out.append("jump end")
            res["jump_end_ms"] = (await frames.after(time.monotonic()) - t0) * 1000

        # the search pane: switch to it, type a query, enter -> ranked rows on screen
        res["switch_ms"]["4"] = await _switch(app, frames, "4", timed_out, {}, res["switch_poll_ms"])
        for ch in SEARCH_QUERY:
            _send_key(app, "space" if ch == " " else ch)
        await asyncio.sleep(0)
        before = _rows_shown(app)
        t0 = time.monotonic()
        _send_key(app, "enter")
        if not await _until(lambda: _rows_shown(app) != before or _busy(app), 10):
            timed_out.append("search (no change)")
        if not await _until(lambda: not _busy(app) and _rows_shown(app) > 0, 30):
            timed_out.append("search")
        res["search_ms"] = (await frames.after(time.monotonic()) - t0) * 1000
        res["search_rows"] = _rows_shown(app)
    res["timed_out"] = timed_out
    return res


def _child_main(argv: list[str]) -> int:
    kind, db_path, out = argv[0], argv[1], Path(argv[2])
    scroll_rows = int(argv[3]) if len(argv) > 3 else SCROLL_ROWS
    res = asyncio.run(_drive(kind, db_path, scroll_rows))
    out.write_text(json.dumps(res))
    return 0


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--child":
    sys.exit(_child_main(sys.argv[2:]))
