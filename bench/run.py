"""Benchmarks of the core: ``python bench/run.py`` prints medians over several runs.

- ``livesop --help`` wall time;
- ``livesop validate`` of 100 copies of playbooks/daily.yaml in one call, beside yamllint on the
  same files (when installed) and a bare ruamel.yaml round-trip load of them;
- ``livesop validate`` of 100 generated 170-line playbooks (the size the targets were set for),
  across cores and in one process;
- ``livesop validate`` of one generated playbook with 500 segments and 3,000 cues.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import livesop_command, median_time  # noqa: E402
from generate import generate_playbook  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7


def median_wall(command: list[str], runs: int = RUNS, cwd: Path | None = None, env: dict | None = None) -> float:
    environment = {**os.environ, **env} if env else None
    return median_time(lambda: subprocess.run(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL, check=False), runs)


def main() -> None:
    livesop = livesop_command()
    print(f"python {sys.version.split()[0]}, medians of {RUNS} runs")
    print(f"livesop --help                               {median_wall(livesop + ['--help']) * 1000:8.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "copies"
        folder.mkdir()
        shutil.copytree(ROOT / "scripts_library", Path(tmp) / "scripts_library")
        daily = (ROOT / "playbooks" / "daily.yaml").read_text(encoding="utf-8")
        lines = daily.count("\n")
        for index in range(100):
            (folder / f"daily-{index:03d}.yaml").write_text(daily.replace("id: daily", f"id: daily-{index}", 1),
                                                           encoding="utf-8")
        files = sorted(str(p) for p in folder.glob("*.yaml"))
        print(f"validate 100 × daily.yaml ({lines} lines)      "
              f"{median_wall(livesop + ['validate', str(folder)]) * 1000:8.1f} ms")
        if shutil.which("yamllint") or _has_module("yamllint"):
            yamllint = [sys.executable, "-m", "yamllint", "-d", "relaxed"] + files
            print(f"  yamllint on the same files                 {median_wall(yamllint, 3) * 1000:8.1f} ms")
        from ruamel.yaml import YAML

        def ruamel_load() -> None:
            yaml = YAML()
            for name in files:
                with open(name, encoding="utf-8") as handle:
                    yaml.load(handle)

        print(f"  bare ruamel.yaml round-trip load           {median_time(ruamel_load, 3) * 1000:8.1f} ms")
        small = Path(tmp) / "small"
        small.mkdir()
        for index in range(100):
            (small / f"s{index:03d}.yaml").write_text(generate_playbook(15, 60), encoding="utf-8")
        print(f"validate 100 × a 170-line playbook           "
              f"{median_wall(livesop + ['validate', str(small)]) * 1000:8.1f} ms")
        single = {"LIVESOP_JOBS": "1"}
        print(f"  the same in one process (LIVESOP_JOBS=1)   "
              f"{median_wall(livesop + ['validate', str(small)], env=single) * 1000:8.1f} ms")
        print(f"  100 × daily.yaml in one process            "
              f"{median_wall(livesop + ['validate', str(folder)], env=single) * 1000:8.1f} ms")
        big = Path(tmp) / "big.yaml"
        big.write_text(generate_playbook(500, 3000), encoding="utf-8")
        print(f"validate 500 segments / 3,000 cues           "
              f"{median_wall(livesop + ['validate', str(big)]) * 1000:8.1f} ms")


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    main()
