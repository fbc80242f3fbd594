"""The figures of "Fast at every size", each beside its reference, as ratios measured in one run.

    python bench/bench_speed.py [--runs 7] [--quick] [--source DIR] [--pool] [--only startup|batch|sizes|log]

- single-file ``validate`` of playbooks/daily.yaml (nothing cached, and answered from the cache)
  against ``python -c "import click"``, with and without bytecode (``PYTHONDONTWRITEBYTECODE=1``
  makes every start compile livesop's modules again);
- 100 daily-size playbooks: cold cache against a bare Python loop composing the same files with
  libyaml (``yaml.compose``, ``CSafeLoader``) — also with only the findings forgotten (the
  compiled lexicon kept, as on a machine that has run livesop before) — and warm cache against
  ``import click``;
- validate, diff, show --format html and checklist --all --format html of a generated playbook of
  50, 500 and 5,000 segments: the 5,000-segment times (a new process each) and the growth
  exponents 50→500 and 500→5,000 (start-up left out: each run forked from a process that has
  imported livesop and validated another playbook);
- the memory the model of a playbook keeps (tracemalloc, after load and build) against the size
  of its file;
- ``log`` over a 1,000-commit history (``bench_versions.make_history``) against ``git log -p`` of
  the same file;
- with ``--pool``: 100 playbooks in one process and shared with a forked copy, with the second core
  free and busy (a ``yes`` loop pinned to it, stopped afterwards).

A figure and its reference are run in turn (A B, A B …), so that a change in the machine's load
touches both alike. Every process is bounded in time (``--timeout``); a figure that does not
finish says so.
``--source DIR`` measures another copy of the ``livesop`` package (an older one: the before of a
change); figures it cannot give (no result cache) are left out.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_versions import make_history  # noqa: E402
from generate import generate_playbook  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DAILY = ROOT / "playbooks" / "daily.yaml"
COMMANDS = ("validate", "diff", "show html", "checklist html")

# Run in a process of its own (PYTHONPATH names the copy of livesop measured): the imports, the
# lexicon and its matchers are made ready by one validate of daily.yaml; then each timed run is a
# child forked from that state, so nothing of the measured file is remembered from an earlier run.
# Prints the best of RUNS for each command, in seconds, as JSON.
IN_PROCESS = r"""
import contextlib, io, json, os, sys, time
from livesop.cli.main import cli
runs, commands, warm = int(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
def once(args):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            cli.main(args, prog_name="livesop", standalone_mode=False)
        except SystemExit:
            pass
def forked(args):
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        start = time.perf_counter()
        once(args)
        os.write(write, repr(time.perf_counter() - start).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        seconds = float(pipe.read())
    os.waitpid(child, 0)
    return seconds
once(["validate", "--no-cache", warm] if "--no-cache" in sys.argv[4:] else ["validate", warm])
print(json.dumps({name: min(forked(args) for _ in range(runs)) for name, args in commands.items()}))
"""

# The bytes the model of each file keeps once it is built: (retained, peak) as JSON.
MEMORY = r"""
import gc, json, sys, tracemalloc
from livesop.format.build import build
from livesop.format.yamlio import load_file
found = {}
for name in sys.argv[1:]:
    build(load_file(name))
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    model = build(load_file(name))[0]
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    found[name] = [current - base, peak - base]
    del model
print(json.dumps(found))
"""

BARE_COMPOSE = r"""
import glob, sys, yaml
for name in sorted(glob.glob(sys.argv[1] + "/*.yaml")):
    with open(name, "rb") as handle:
        yaml.compose(handle.read(), Loader=yaml.CSafeLoader)
"""


class Bench:
    def __init__(self, options, work: Path):
        self.runs = options.runs
        self.timeout = options.timeout
        self.work = work
        source = Path(options.source).resolve() if options.source else ROOT / "livesop"
        self.plain = work / "nobytecode"
        self.compiled = work / "bytecode"
        self.cache = work / "cache"
        for copy in (self.plain, self.compiled):
            shutil.copytree(source, copy / "livesop", ignore=shutil.ignore_patterns("__pycache__"))
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(self.compiled / "livesop")], check=True,
                       env=self.env(bytecode=True), timeout=self.timeout)
        help_text = self.call(["-m", "livesop", "validate", "--help"], bytecode=True, capture=True)
        self.has_cache = "--no-cache" in help_text

    def env(self, bytecode: bool, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
        if not bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPATH"] = str(self.compiled if bytecode else self.plain)
        env["LIVESOP_CACHE_DIR"] = str(self.cache)
        env["NO_COLOR"] = "1"
        env.update(extra)
        return env

    def call(self, args: list[str], bytecode: bool = True, capture: bool = False, cwd: Path | None = None,
             env: dict | None = None, program: list[str] | None = None) -> str:
        command = (program or [sys.executable]) + args
        if not capture:
            self.wait(command, cwd or self.work, env or self.env(bytecode))
            return ""
        result = subprocess.run(command, cwd=cwd or self.work, env=env or self.env(bytecode), timeout=self.timeout,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
        return result.stdout.decode("utf-8", "replace")

    def wait(self, command: list[str], cwd: Path, env: dict) -> None:
        """Run ``command`` to its end, waited for in one blocking call. (``subprocess.run`` with a
        timeout polls, sleeping up to 50 ms between looks: a process of 70 ms was timed as 114 ms.)
        A process that outlives ``--timeout`` is killed and reported as ``TimeoutExpired``."""
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        timer = threading.Timer(self.timeout, process.kill)
        timer.start()
        try:
            process.wait()
        finally:
            timer.cancel()
        if process.returncode == -signal.SIGKILL:
            raise subprocess.TimeoutExpired(command, self.timeout)

    def wall(self, args: list[str], runs: int | None = None, before=None, **kwargs) -> float:
        """The median wall time of ``runs`` calls (``before`` is called ahead of each, untimed)."""
        return self.walls((args, dict(kwargs, before=before)), runs=runs)[0]

    def walls(self, *calls: tuple[list[str], dict], runs: int | None = None) -> list[float]:
        """The median wall time of each call (``(args, keywords of call, and before)``), run in
        turn — A B, A B … — so that a change in the machine's load touches a figure and its
        reference alike."""
        times: list[list[float]] = [[] for _ in calls]
        for _ in range(runs or self.runs):
            for spent, (args, kwargs) in zip(times, calls):
                kwargs = dict(kwargs)
                before = kwargs.pop("before", None)
                if before is not None:
                    before()
                start = time.perf_counter()
                self.call(args, **kwargs)
                spent.append(time.perf_counter() - start)
        return [statistics.median(spent) for spent in times]

    def livesop(self, *args: str) -> list[str]:
        return ["-m", "livesop", *args]

    def no_cache(self) -> list[str]:
        return ["--no-cache"] if self.has_cache else []

    def clear_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def clear_results(self) -> None:
        """Forget the findings only; the compiled lexicon and patterns stay."""
        shutil.rmtree(self.cache / "validate", ignore_errors=True)


def ratio(value: float, reference: float) -> str:
    return f"{value / reference:5.2f}×" if reference else "  n/a"


def line(label: str, value: float, reference_label: str, reference: float, target: str = "") -> None:
    print(f"  {label:44s} {value * 1000:8.0f} ms   {reference_label:28s} {reference * 1000:7.0f} ms   "
          f"{ratio(value, reference)}   {target}")


def startup(bench: Bench) -> None:
    print("\nstart-up: one daily-size playbook (playbooks/daily.yaml)")
    for bytecode in (False, True):
        mode = "bytecode" if bytecode else "PYTHONDONTWRITEBYTECODE=1"
        click = (["-c", "import click"], {"bytecode": bytecode})
        cold, reference = bench.walls((bench.livesop("validate", *bench.no_cache(), str(DAILY)),
                                       {"bytecode": bytecode}), click)
        line(f"validate, nothing cached [{mode}]", cold, 'python -c "import click"', reference, "target ≤ 1.6×")
        if bench.has_cache:
            bench.call(bench.livesop("validate", str(DAILY)), bytecode=bytecode)
            warm, reference = bench.walls((bench.livesop("validate", str(DAILY)), {"bytecode": bytecode}), click)
            line(f"validate, from the cache [{mode}]", warm, 'python -c "import click"', reference, "")


def batch(bench: Bench) -> None:
    print("\n100 daily-size playbooks (copies of playbooks/daily.yaml, each with its own id)")
    folder = bench.work / "hundred"
    folder.mkdir()
    text = DAILY.read_text(encoding="utf-8")
    for index in range(100):
        (folder / f"daily-{index:03d}.yaml").write_text(text.replace("id: daily", f"id: daily-{index}", 1),
                                                        encoding="utf-8")
    shutil.copytree(ROOT / "scripts_library", bench.work / "scripts_library")
    for bytecode in (False, True):
        mode = "bytecode" if bytecode else "PYTHONDONTWRITEBYTECODE=1"
        bare = (["-c", BARE_COMPOSE, str(folder)], {"bytecode": bytecode})
        cold, reference = bench.walls((bench.livesop("validate", str(folder)),
                                       {"bytecode": bytecode, "before": bench.clear_cache}), bare)
        line(f"validate, cold cache [{mode}]", cold, "bare libyaml composition", reference, "target ≤ 0.7×")
        if bench.has_cache:  # new files on a machine that has run livesop: only the findings are missing
            fresh, reference = bench.walls((bench.livesop("validate", str(folder)),
                                            {"bytecode": bytecode, "before": bench.clear_results}), bare)
            line(f"  the same, lexicon kept [{mode}]", fresh, "bare libyaml composition", reference, "")
        if bench.has_cache:
            warm, click = bench.walls((bench.livesop("validate", str(folder)), {"bytecode": bytecode}),
                                      (["-c", "import click"], {"bytecode": bytecode}))
            line(f"validate, warm cache [{mode}]", warm, 'python -c "import click"', click, "target ≤ 1.4×")


def sizes(bench: Bench, counts: tuple[int, ...]) -> None:
    print(f"\ngenerated playbooks of {', '.join(f'{n:,}' for n in counts)} segments (6 cues each)")
    files = {}
    for segments in counts:
        old = bench.work / f"g{segments}.yaml"
        new = bench.work / f"g{segments}-new.yaml"
        old.write_text(generate_playbook(segments, segments * 6), encoding="utf-8")
        changed = generate_playbook(segments, segments * 6, start="08:30").replace("s1\n", "s1\n    note: 改过\n", 1)
        new.write_text(changed, encoding="utf-8")
        files[segments] = (old, new)

    def commands(segments: int) -> dict[str, list[str]]:
        old, new = (str(p) for p in files[segments])
        out = str(bench.work / f"out-{segments}.html")
        return {"validate": ["validate", *bench.no_cache(), old], "diff": ["diff", old, new],
                "show html": ["show", old, "--format", "html", "-o", out],
                "checklist html": ["checklist", old, "--all", "--format", "html", "-o", out]}

    timed = {}
    for segments in counts:
        runs = max(1, bench.runs // 2) if segments >= 5000 else bench.runs
        output = bench.call(["-c", IN_PROCESS, str(runs), json.dumps(commands(segments)), str(DAILY),
                             *bench.no_cache()], capture=True)
        timed[segments] = json.loads(output) if output.strip() else {}
    largest = counts[-1]
    print(f"  start-up left out (forked once imports are done), best of {bench.runs}; "
          f"growth exponent = log(t2/t1) / log(n2/n1):")
    print(f"  {'command':16s}" + "".join(f"{n:>10,}" for n in counts) + "".join(
        f"   {a:,}→{b:,}" for a, b in zip(counts, counts[1:])))
    for name in COMMANDS:
        row = [timed[n].get(name) for n in counts]
        cells = "".join(f"{t * 1000:8.0f}ms" if t else "       n/a" for t in row)
        growth = "".join(f"   {_exponent(a, b, n1, n2):>{len(f'{n1:,}→{n2:,}')}}"
                         for (a, b, n1, n2) in zip(row, row[1:], counts, counts[1:]))
        print(f"  {name:16s}{cells}{growth}")
    print("  (target: every exponent 500→5,000 ≤ 1.05)")
    print(f"  a new process each, {largest:,} segments (median of {max(1, bench.runs // 2)}):")
    targets = {"validate": "≤ 1.2 s", "diff": "≤ 1.5 s", "show html": "≤ 1.5 s", "checklist html": "≤ 1.5 s"}
    for name, args in commands(largest).items():
        seconds = bench.wall(bench.livesop(*args), runs=max(1, bench.runs // 2))
        print(f"  {name:16s} {seconds:6.2f} s   target {targets[name]}")
    output = bench.call(["-c", MEMORY, str(DAILY), str(files[largest][0])], capture=True)
    if output.strip():
        for name, (kept, peak) in json.loads(output).items():
            size = Path(name).stat().st_size
            print(f"  model memory of {Path(name).name:14s} {kept / 1024:8.0f} KiB = {kept / size:5.1f}× its "
                  f"{size / 1024:.0f} KiB (peak while loading {peak / size:.0f}×)   target ≤ 25×")


def _exponent(a: float | None, b: float | None, n1: int, n2: int) -> str:
    return f"{math.log(b / a) / math.log(n2 / n1):.2f}" if a and b else "n/a"


def history(bench: Bench, commits: int) -> None:
    print(f"\nlog over a {commits:,}-commit history")
    path = make_history(bench.work / "repo", commits)
    git_log = (["log", "-p", "--", "playbooks/daily.yaml"], {"program": ["git"], "cwd": path.parent.parent})
    log, git = bench.walls((bench.livesop("log", str(path)), {}), git_log, runs=max(1, bench.runs // 2))
    line("livesop log", log, "git log -p", git, "target ≤ 12× and ≤ 600 ms")


def pool(bench: Bench) -> None:
    print("\nshared with forked processes: 100 daily-size playbooks, nothing cached")
    folder = str(bench.work / "hundred")
    args = bench.livesop("validate", *bench.no_cache(), folder)
    for busy in (False, True):
        spinner = None
        if busy and shutil.which("taskset") and (os.cpu_count() or 1) > 1:
            spinner = subprocess.Popen(["taskset", "-c", "1", "yes"], stdout=subprocess.DEVNULL)
        try:
            single, spread = bench.walls((args, {"env": bench.env(True, LIVESOP_JOBS="1")}),
                                         (args, {"env": bench.env(True, LIVESOP_JOBS="2")}))
        finally:
            if spinner is not None:
                spinner.terminate()
                spinner.wait()
        state = "second core busy" if spinner is not None else "second core free"
        line(f"two processes [{state}]", spread, "one process", single, "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (medians; best of, in one process)")
    parser.add_argument("--quick", action="store_true", help="fewer runs, 1,000 segments and 200 commits at most")
    parser.add_argument("--source", help="the livesop package folder to measure (default: this repository's)")
    parser.add_argument("--pool", action="store_true",
                        help="also measure sharing a batch with forked processes, second core free and busy")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds any one process may take")
    parser.add_argument("--only", choices=("startup", "batch", "sizes", "log"), action="append",
                        help="measure only these figures (repeatable)")
    options = parser.parse_args()
    if options.quick:
        options.runs = min(options.runs, 3)
    counts = (50, 500, 1000) if options.quick else (50, 500, 5000)
    with tempfile.TemporaryDirectory(prefix="livesop-bench-") as tmp:
        bench = Bench(options, Path(tmp))
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, livesop from "
              f"{options.source or ROOT / 'livesop'}; medians of {bench.runs} runs unless said")
        print(f"  load average at the start: {_load()} (other programs running make every figure slower)")
        print(f"  {'figure':44s} {'time':>11s}   {'reference':28s} {'time':>10s}   ratio")
        steps = {"startup": startup, "batch": batch, "sizes": lambda b: sizes(b, counts),
                 "log": lambda b: history(b, 200 if options.quick else 1000)}
        for name, step in steps.items():
            if options.only and name not in options.only:
                continue
            try:
                step(bench)
            except subprocess.TimeoutExpired as exc:
                print(f"  (stopped: a process took more than {exc.timeout:.0f} s)")
        if options.pool:
            pool(bench)
        print(f"\nload average at the end: {_load()}")


def _load() -> str:
    """The system's load average over 1, 5 and 15 minutes (how busy the machine was)."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


if __name__ == "__main__":
    main()
