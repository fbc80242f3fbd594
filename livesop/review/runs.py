"""The runs ``livesop review`` is given: ``LOG=DATA`` pairs, logs, and folders of logs, each log's
data files found beside it by name.

For ``20261125-200000.jsonl`` the minute data is ``20261125-200000.minutes.csv`` (or ``.xlsx``) and
the comments ``20261125-200000.comments.jsonl`` (or ``.csv``); ``LOG=DATA`` names the minute data
itself. A folder stands for every ``.jsonl`` run log under it (the data files are not logs).
"""

from __future__ import annotations

from pathlib import Path

from livesop.errors import LivesopError, UsageError
from livesop.i18n import _

MINUTES = (".minutes.csv", ".minutes.xlsx")
COMMENTS = (".comments.jsonl", ".comments.csv")


def runs_of(arguments: tuple[str, ...]) -> list[tuple[Path, Path | None, Path | None]]:
    """(log, minute data, comments) of each run named."""
    found: list[tuple[Path, Path | None, Path | None]] = []
    for argument in arguments:
        log, data = _split(argument)
        if log.is_dir():
            logs = sorted(p for p in log.rglob("*.jsonl") if p.is_file() and not p.name.endswith(COMMENTS))
            if not logs:
                raise UsageError(_("{path}: no run logs (*.jsonl) in this folder").format(path=log),
                                 _("give run logs, LOG=DATA pairs, or the folder `livesop run` writes them to"))
            found += [(path, _beside(path, MINUTES), _beside(path, COMMENTS)) for path in logs]
        else:
            found.append((log, data or _beside(log, MINUTES), _beside(log, COMMENTS)))
    return list({run[0].resolve(): run for run in found}.values())


def _split(argument: str) -> tuple[Path, Path | None]:
    if "=" not in argument or Path(argument).exists():
        return Path(argument), None
    log, data = argument.split("=", 1)
    if not data:
        raise UsageError(_("{argument}: no data file after =").format(argument=argument),
                         _("write LOG=DATA, e.g. run.jsonl=minutes.csv"))
    return Path(log), Path(data)


def _beside(log: Path, suffixes: tuple[str, ...]) -> Path | None:
    stem = log.name[:-len(log.suffix)] if log.suffix else log.name
    return next((log.with_name(stem + suffix) for suffix in suffixes if log.with_name(stem + suffix).is_file()), None)


def read_run(path: Path):
    """The verified read of one run log; a file that is not a run log is an error."""
    from livesop.files import check_input
    from livesop.runner.runlog import read_log

    check_input(path, "run log")
    read = read_log(path)
    if read.header is None:
        raise LivesopError(_("{path}: not a livesop run log ({reason})").format(
            path=path, reason=read.altered[0] if read.altered else _("no header")),
            _("give the .jsonl file that `livesop run` wrote (its path is printed when the run ends)"))
    return read


def compare_runs(arguments: tuple[str, ...], tz: str | None, platform: str):
    """The comparison of the runs named (at least two)."""
    from livesop.review import room
    from livesop.review.compare import compare

    runs = runs_of(arguments)
    if len(runs) < 2:
        raise UsageError(_("livesop review compares two or more runs; one was given"),
                         _("for one run, use `livesop report LOG --data MINUTES.csv`"))
    pairs = []
    altered = []
    for log, data, comments in runs:
        read = read_run(log)
        if not read.ok:
            altered.append((log, read.altered[0]))
        pairs.append((read.header, room(read, data, comments, tz, platform)))
    comparison = compare(pairs)
    comparison.notes += [_("ALTERED: {log} does not verify ({reason}); its figures cannot be trusted").format(
        log=log, reason=reason) for log, reason in altered]
    missing = [str(log) for log, data, _comments in runs if data is None]
    if missing:
        from livesop.review.layout import joined

        comparison.notes.append(_("no minute data for {logs} (give LOG=DATA, or put <log name>.minutes.csv beside "
                                  "the log)").format(logs=joined(missing)))
    return comparison
