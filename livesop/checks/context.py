"""What every check gets: the playbook, its expanded run of show placed in time, and the library."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

from livesop.diagnostics import Diagnostic
from livesop.format.expand import expand_segments
from livesop.format.library import Library
from livesop.format.model import Playbook, Segment
from livesop.format.source import Loc
from livesop.format.texts import SpokenText, spoken_texts
from livesop.format.timeline import Timeline, build_timeline


@dataclass
class Context:
    """What every check gets: the playbook, its expanded run of show and the library."""

    playbook: Playbook
    library: Library | None
    library_searched: str = ""  # where the library was looked for, for the LS306 hint
    memo: dict = field(default_factory=dict)  # results a check shares with the reporters

    @cached_property
    def segments(self) -> tuple[Segment, ...]:
        return expand_segments(self.playbook)

    @cached_property
    def spoken(self) -> tuple[SpokenText, ...]:
        """Every text the show says or shows (``format.texts``), walked once for all the checks."""
        return tuple(spoken_texts(self.playbook, self.library))

    @cached_property
    def timeline(self) -> Timeline:
        return build_timeline(self.playbook, segments=self.segments)

    def diag(self, code: str, loc: Loc, message: str, hint: str = "") -> Diagnostic:
        return Diagnostic(code, loc.file, loc.line, loc.col, message, hint)


Check = Callable[[Context], Iterable[Diagnostic]]
