"""Small measuring tools shared by the benchmarks: child processes, percentiles, the machine."""
from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PY = sys.executable
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Child:
    """What a finished child process did: its output, wall time and peak resident memory."""
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    maxrss_mb: float


# Linux folds the parent's peak RSS into a child's ru_maxrss at exec (the old mm's high-water
# mark is kept in signal->maxrss), so wait4 overstates children of a big parent. Python
# children instead report their own VmHWM at exit through this sitecustomize.
_HWM_SITE = """import atexit, os
_path = os.environ.get("BENCH_HWM_FILE")
if _path:
    def _hwm():
        try:
            with open("/proc/self/status") as f:
                kb = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
            with open(_path, "a") as out:
                out.write(f"{os.getpid()} {kb}\\n")
        except (OSError, StopIteration):
            pass
    atexit.register(_hwm)
"""


def _hwm_site() -> Path:
    d = Path(tempfile.gettempdir()) / f"briefing-bench-hwm-{os.getuid()}"
    d.mkdir(exist_ok=True)
    f = d / "sitecustomize.py"
    if not f.exists() or f.read_text() != _HWM_SITE:
        f.write_text(_HWM_SITE)
    return d


def child_env(**extra: str) -> dict[str, str]:
    """The environment for product children: the repo importable, no user config or colour."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(_hwm_site())] + (
        [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.setdefault("NO_COLOR", "1")
    env.pop("BRIEFING_DB", None)
    # users run installed code with cached bytecode; PYTHONDONTWRITEBYTECODE (set in some
    # sandboxes) would make every child recompile the project and inflate start-up
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


# pip writes a console script of this shape for an entry of [project.scripts]
_CONSOLE_SCRIPT = """#!{python}
import re
import sys
from {module} import {function}
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit({function}())
"""


def _console_entry(name: str = "briefing") -> tuple[str, str]:
    """(module, function) of a console script, as pyproject.toml declares it."""
    import tomllib

    entry = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"][name]
    module, _, function = entry.partition(":")
    return module.strip(), function.strip()


def user_briefing(work: Path) -> list[str]:
    """The ``briefing`` command as ``pip install .`` leaves it: a console script in a plain
    venv, whose site-packages holds path entries only.

    The bench itself usually runs in a developer's editable install, whose import hook
    (setuptools' editable finder, loaded by site at every interpreter start) costs some 25 ms
    before the first line of briefing runs. A user's install has none, so the CLI is timed
    through a venv made here (no pip, no download): a .pth adds this repository and the
    running interpreter's site-packages (the dependencies), as plain paths.
    """
    import site
    import sysconfig

    venv = work / "user-venv"
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([PY, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    deps = [p for p in {sysconfig.get_paths()["purelib"], *site.getsitepackages()} if Path(p).is_dir()]
    (purelib / "briefing-bench.pth").write_text("\n".join([str(REPO), *sorted(deps)]) + "\n")
    script = venv / "bin" / "briefing"
    module, function = _console_entry()
    script.write_text(_CONSOLE_SCRIPT.format(python=py, module=module, function=function))
    script.chmod(0o755)
    return [str(script)]


def run_child(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
              stdin: str | None = None, timeout: float | None = None) -> Child:
    """Run ``cmd``; wall time from spawn to exit and ru_maxrss of that child alone (os.wait4)."""
    env = dict(env or child_env())
    with tempfile.TemporaryFile("w+b") as out, tempfile.TemporaryFile("w+b") as err, \
            tempfile.NamedTemporaryFile("r", suffix=".hwm") as hwm:
        env["BENCH_HWM_FILE"] = hwm.name
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd or REPO,
                             stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
        if stdin is not None:
            p.stdin.write(stdin.encode())
            p.stdin.close()
        timer = threading.Timer(timeout, p.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)      # blocking: no polling error in the timing
        finally:
            if timer:
                timer.cancel()
        seconds = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peaks = [int(line.split()[1]) for line in hwm.read().splitlines() if line.strip()]
        # VmHWM of the child itself when it is Python (exact); else ru_maxrss (an upper bound)
        peak_kb = max(peaks) if peaks else ru.ru_maxrss
        return Child(p.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                     seconds, peak_kb / 1024.0)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank-with-interpolation percentile (q in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    v = sorted(values)
    if len(v) == 1:
        return v[0]
    pos = (len(v) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def interpreter() -> dict:
    """Which build of Python ran the figures, and how fast it runs plain Python code.

    The product's ingest is interpreted Python while the bare insert it is compared with is
    mostly SQLite's C, so the ratio depends on the interpreter's build (a shared libpython,
    profile-guided and link-time optimisation or none) as much as on the code (bench/README.md,
    session 33). ``loop_ms`` is a fixed pure-Python workload (calls, a dict, string methods;
    best of three) timed in the bench's own process: compare it across runs before comparing
    their ratios."""
    def work() -> int:
        seen: dict[str, int] = {}
        n = 0
        for i in range(200_000):
            w = "word%d" % (i % 512)
            seen[w] = seen.get(w, 0) + 1
            if w.endswith("7") and w.upper().startswith("WORD"):
                n += len(w)
        return n

    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        work()
        t = (time.perf_counter() - t0) * 1000
        best = t if best is None else min(best, t)
    shared = None
    try:    # whether the running interpreter calls into a separate libpython
        shared = "libpython" in Path("/proc/self/maps").read_text()
    except OSError:
        pass
    return {"executable": os.path.realpath(sys.executable), "libpython_shared": shared,
            "loop_ms": round(best or 0.0, 1)}


def machine() -> dict:
    """Where the figures came from: they mean little without it."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_mb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_mb = int(line.split()[1]) // 1024
    except OSError:
        pass
    try:
        import textual

        textual_version = textual.__version__
    except Exception:  # noqa: BLE001
        textual_version = None
    rg = shutil.which("rg")
    rg_version = None
    if rg:
        try:
            rg_version = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        except OSError:
            pass
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "ram_mb": ram_mb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "interpreter": interpreter(),
        "sqlite": sqlite3.sqlite_version,
        "textual": textual_version,
        "ripgrep": rg_version,
        "loadavg_at_start": list(os.getloadavg()),
    }


def fmt_rate(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


def fmt_ms(x: float | None) -> str:
    if x is None or x != x:
        return "-"
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"
