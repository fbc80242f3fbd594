"""The JSON Schema (2020-12) of playbook format 1, generated from the format table, and the
``$schema=`` link that a written playbook carries to it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from livesop.format import spec

SCHEMA_ID = "https://livesop.dev/schema/playbook-1.json"
SCHEMA_FILE = Path("schema") / "playbook.schema.json"
_SCHEMA_LINE = re.compile(r"^(# yaml-language-server: \$schema=)(\S+)(.*)$")
_ID_PATTERN = r"^[^\s!-,/:-@\[-^`{-~]+$"
_DURATION_PATTERN = r"^\s*(?:(?:\d+\s*h)?\s*(?:\d+\s*m)?\s*(?:\d+\s*s)?|\d+:[0-5]\d(?::[0-5]\d)?)\s*$"
_CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"
_SEMVER_PATTERN = r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"

_SCALARS = {
    "text": {"type": ["string", "number"]},
    "id": {"type": "string", "pattern": _ID_PATTERN},
    "ref": {"type": "string", "minLength": 1},
    "int": {"type": "integer"},
    "number": {"type": "number"},
    "bool": {"type": "boolean"},
    "duration": {"type": "string", "pattern": _DURATION_PATTERN,
                 "description": "90s, 10m, 1h30m, 1h 30m, 2:30 (m:ss) or 1:02:30"},
    "clock": {"type": "string", "pattern": _CLOCK_PATTERN, "description": "HH:MM or HH:MM:SS, 24 h"},
    "semver": {"type": "string", "pattern": _SEMVER_PATTERN},
    "date": {"type": "string", "format": "date"},
    "format": {"const": 1},
}


def schema() -> dict:
    definitions = {name: _object(object_spec) for name, object_spec in spec.OBJECTS.items()}
    root = definitions.pop("playbook")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "livesop playbook, format 1",
        **root,
        "$defs": definitions,
    }


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def _object(object_spec: spec.ObjectSpec) -> dict:
    properties = {name: _field(field) for name, field in object_spec.fields.items()}
    required = [name for name, field in object_spec.fields.items() if field.required]
    result: dict = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        result["required"] = required
    if object_spec.cls.__name__ in ("Cue",):
        result["oneOf"] = [{"required": ["say"]}, {"required": ["do"]}]
    if object_spec.shorthand:
        return {"oneOf": [{"type": ["string", "number"]}, result]}
    return result


def _field(field: spec.Field) -> dict:
    result = _kind(field.kind)
    if field.doc:
        result = {**result, "description": field.doc}
    return result


def _kind(kind) -> dict:
    if isinstance(kind, spec.Scalar):
        result = dict(_SCALARS[kind.name])
        if kind.minimum is not None:
            result["minimum"] = kind.minimum if kind.name == "number" else int(kind.minimum)
        return result
    if isinstance(kind, spec.Enum):
        return {"enum": list(kind.values)}
    if isinstance(kind, spec.ListOf):
        return {"type": "array", "items": _kind(kind.item)}
    if isinstance(kind, spec.MapOf):
        return {"type": "object", "propertyNames": {"pattern": _ID_PATTERN},
                "additionalProperties": _kind(kind.value)}
    if isinstance(kind, spec.Obj):
        return {"$ref": f"#/$defs/{kind.name}"}
    raise AssertionError(kind)


def schema_reference(output: Path) -> str:
    """The ``$schema=`` target for a file written at ``output``: a relative path to the nearest
    ``schema/playbook.schema.json`` above it, else the schema's public id."""
    folder = output.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return _relative(candidate / SCHEMA_FILE, folder) or SCHEMA_ID
    return SCHEMA_ID


def _relative(target: Path, folder: Path) -> str | None:
    """``target`` relative to ``folder``; None when the two share nothing but the filesystem root."""
    if Path(os.path.commonpath([target, folder])) == Path(folder.anchor):
        return None
    return Path(os.path.relpath(target, folder)).as_posix()


def schema_comment(output: Path) -> str:
    return f"# yaml-language-server: $schema={schema_reference(output)}"


def relink_schema(text: str, template: Path, output: Path) -> str:
    """Point a first-line ``$schema=`` comment with a relative path at the same schema from ``output``."""
    first, newline, rest = text.partition("\n")
    match = _SCHEMA_LINE.match(first)
    if not match or "://" in match.group(2):
        return text
    target = (template.resolve().parent / match.group(2)).resolve()
    if not target.exists():
        return text
    relative = _relative(target, output.resolve().parent) or SCHEMA_ID
    return f"{match.group(1)}{relative}{match.group(3)}{newline}{rest}"
