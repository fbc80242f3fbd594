"""A throw-away git repository for the tests of history, log, diff and --require-bump."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitRepo:
    """A throw-away repository with fixed identity and dates, driven by the git command line."""

    def __init__(self, root: Path):
        self.root = root
        self.count = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q")
        self.git("config", "user.name", "主播小满")
        self.git("config", "user.email", "host@example.com")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
                   GIT_AUTHOR_DATE=f"2026-11-{20 + self.count:02d}T20:00:00+08:00",
                   GIT_COMMITTER_DATE=f"2026-11-{20 + self.count:02d}T20:00:00+08:00")
        done = subprocess.run(["git", *args], cwd=self.root, env=env, check=True, capture_output=True)
        return done.stdout.decode()

    def write(self, relpath: str, content: str | bytes) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    def commit(self, message: str = "edit") -> str:
        self.count += 1
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()
