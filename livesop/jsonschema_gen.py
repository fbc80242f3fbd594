"""The JSON Schema (2020-12) of playbook format 1, generated from the format table."""

from __future__ import annotations

import json

from livesop import spec

SCHEMA_ID = "https://livesop.dev/schema/playbook-1.json"
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
