"""The minute exports of each platform: which column header means which metric.

``PLATFORMS`` maps a platform's name (as a playbook's ``platform`` names it) to its module; each
module has ``NAME``, ``ZONE`` (the zone its clock times are written in), ``TIME`` (the headers of
the time column) and ``COLUMNS`` (metric key of ``review.metrics`` → the headers it goes by,
Chinese and the English keys of the platform's API). ``get(name)`` is the one way in.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from livesop.errors import UsageError
from livesop.i18n import _

PLATFORMS: dict[str, str] = {
    "douyin": "livesop.review.platforms.douyin",
}


def get(name: str) -> ModuleType:
    """The platform's module; a usage error that lists the known platforms for any other name."""
    if name not in PLATFORMS:
        from livesop.review.layout import joined

        raise UsageError(_("no minute-export format is known for the platform {name}").format(name=repr(name)),
                         _("known platforms: {platforms}; give one with --platform").format(
                             platforms=joined(PLATFORMS)))
    return importlib.import_module(PLATFORMS[name])
