"""The 复盘 with the room's numbers: the platform's minute data and the live comments joined with
a run log, per segment, product and 话术, and compared from show to show.

``room(...)`` reads the files and joins them with one run (``livesop report LOG --data``); the
result is a report section (``runner.report``'s ``Section``) that every report format draws.
``runs.compare_runs(...)`` puts several runs of one template side by side (``livesop review``).

- ``sources/``: one module per file format (CSV, XLSX, JSON Lines), each ``load`` and one ``ParseError``
- ``platforms/``: each platform's minute export, looked up with ``get(platform)``
- ``values``: numbers and times as exports write them; ``--tz``
- ``minutes``, ``comments``: the two inputs; ``ran``: what the playbook that ran adds to the log
- ``align``: the run on the data's clock; ``join``: the figures; ``words``: top and negative words
- ``layout``, ``charts``: the report blocks; ``runs``, ``compare``: several runs side by side
"""

from __future__ import annotations

from pathlib import Path

from livesop.runner.runlog import LogRead

DEFAULT_PLATFORM = "douyin"


def room(read: LogRead, data: Path | None = None, comments: Path | None = None, tz: str | None = None,
         platform: str = DEFAULT_PLATFORM, playbook: Path | None = None):
    """The room's numbers of the run in ``read``: ``data`` (minute export) and ``comments`` joined
    with it; ``tz`` is the zone the files' clock times are written in (None: the local zone)."""
    from livesop.review import comments as comment_file, minutes as minute_file
    from livesop.review.align import show_times
    from livesop.review.join import join
    from livesop.review.platforms import get
    from livesop.review.ran import ran
    from livesop.review.values import zone

    module = get(platform)
    times = show_times(read, zone(tz))
    loaded = minute_file.load(data, module) if data is not None else None
    said = comment_file.load(comments) if comments is not None else None
    return join(read, times, ran(read, playbook), loaded, said, platform)
