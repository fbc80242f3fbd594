"""What the run log alone does not say, from the playbook file that ran: each segment's kind and
product, which 话术 (script or library variant) each cue said, the team's extra terms, the
template and commit a session was planned from, and the library's categories.

The file is used only when its SHA-256 is the one in the log's header: cues are known in the
log by their number in their segment, and a changed file would number them otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from livesop.i18n import _
from livesop.runner.runlog import LogRead, file_sha256

SAY = "say"


@dataclass(frozen=True)
class SegmentInfo:
    """A segment of the playbook that ran: its kind, its product and the say reference of each numbered cue."""

    kind: str | None
    product: str | None
    says: dict[int, str]  # cue number (1-based, as in the log's ``seg:n`` keys) → say reference


@dataclass
class Ran:
    """The playbook that ran, as far as it is known (``found`` says why not, when it is not)."""

    found: str  # "" when the file is the one that ran, else why it is not used
    segments: dict[str, SegmentInfo] = field(default_factory=dict)
    products: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # id → (name, link)
    extra_terms: tuple = ()  # compliance.extra items
    platform: str = "generic"
    template: dict = field(default_factory=dict)  # session.template: id, version, commit
    categories: dict[str, str] = field(default_factory=dict)  # say reference → category

    def say_of(self, cue_key: str | None) -> str | None:
        """The say reference of a cue key ``seg:n`` or ``seg:n#k``."""
        if not cue_key or ":" not in cue_key:
            return None
        seg, _colon, rest = cue_key.rpartition(":")
        number = rest.split("#", 1)[0]
        info = self.segments.get(seg)
        return info.says.get(int(number)) if info is not None and number.isdigit() else None


def ran(read: LogRead, playbook_file: Path | None = None) -> Ran:
    """The playbook of the run in ``read`` (``playbook_file`` when it has moved)."""
    head = read.header or {}
    path = playbook_file or (Path(head["file"]) if isinstance(head.get("file"), str) and head["file"] else None)
    if path is None:
        return Ran(_("the log names no playbook file"))
    if not path.is_file():
        return Ran(_("{path} is not there (give it with --playbook)").format(path=path))
    if file_sha256(path) != head.get("sha256"):
        return Ran(_("{path} has changed since the run").format(path=path))
    from livesop.checks.validate import load_playbook
    from livesop.format.expand import expand_segments

    library_dir = Path(head["library"]) if isinstance(head.get("library"), str) else None
    playbook, library, _diagnostics, _errors = load_playbook(
        path, library_dir if library_dir and library_dir.is_dir() else None)
    if playbook is None:
        return Ran(_("{path} cannot be read as a playbook any more").format(path=path))
    info = Ran("", platform=playbook.platform or "generic")
    for segment in expand_segments(playbook):
        says = {number: cue.say for number, cue in enumerate(segment.cues, 1) if cue.say}
        info.segments[segment.id or ""] = SegmentInfo(segment.kind, segment.product, says)
        for ref in says.values():
            info.categories.setdefault(ref, _category(playbook, library, ref))
    info.products = {p.id: (p.name.value if p.name else p.id, p.link) for p in playbook.products if p.id}
    info.extra_terms = playbook.compliance.extra if playbook.compliance else ()
    session = playbook.session
    if session is not None and session.template is not None:
        ref = session.template
        info.template = {k: v for k, v in (("id", ref.id), ("version", ref.version), ("commit", ref.commit)) if v}
    return info


def _category(playbook, library, ref: str) -> str:
    from livesop.format.model import is_library_ref, split_library_ref

    if is_library_ref(ref):
        entry = library.entries.get(split_library_ref(ref)[0]) if library is not None else None
        return entry.category or "" if entry is not None else ""
    script = playbook.scripts.get(ref)
    return script.category or "" if script is not None else ""
