"""``livesop import``: an Excel 直播脚本, as teams keep it, read into a format-1 playbook.

``reader`` reads the sheet, ``build`` turns its rows into the playbook's parts, and this module
checks the result and lays it out as YAML. Cells that cannot be mapped are reported with their
place, never dropped in silence; a cell that makes the sheet unreadable (a 时长 that is not a
duration, a price that is not a price) is an error and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from livesop.checks.draft import Checked, check_text
from livesop.errors import LivesopError
from livesop.excel.build import Builder, build_segments, slug
from livesop.excel.cells import guess_kind
from livesop.excel.columns import Target
from livesop.excel.reader import Importer
from livesop.format.schema import schema_comment
from livesop.format.timefmt import format_clock, format_duration, human_duration
from livesop.format.yamledit import dump
from livesop.i18n import _


@dataclass
class Imported:
    """A workbook read as a playbook: the YAML text, its check, the notes and what it holds, counted."""

    text: str
    checked: Checked
    notes: list[str]
    counts: dict[str, int]


def import_workbook(path: str | Path, output: str | Path, sheet: str | None = None,
                    mapping: dict[str, Target] | None = None) -> Imported:
    """The playbook text of a 直播脚本 workbook, checked as the file ``output`` (nothing is written)."""
    path, output = Path(path), Path(output)
    importer = Importer(path, sheet, mapping or {})
    header_row, columns = importer.find_header()
    info = importer.read_info(header_row)
    rows = importer.read_rows(columns)
    builder = Builder(importer, columns)
    segments, start, total = build_segments(builder, rows, info)
    builder.finish_products()
    if not segments and not importer.errors:
        importer.error(importer.sheet.where(importer.data_start), _("no segment rows below the header row"))
    if importer.errors:
        raise LivesopError("\n".join(importer.errors), _("fix these cells (or --map their columns) and import again; "
                                                         "nothing was written"))
    variables = importer.variable_sheet()
    for key in ("host", "room"):
        if key in info and key not in variables:
            variables[key] = info[key]
    data = _document(path, output, info, start, total, builder, segments, variables)
    text = dump(data)
    checked = check_text(text, str(output), (output.parent if str(output.parent) else Path("."), path.parent))
    counts = {"segments": len(segments), "roles": len(builder.roles), "products": len(builder.products),
              "scripts": len(builder.scripts), "cues": sum(len(s["cues"]) for s in segments)}
    return Imported(text, checked, importer.notes, counts)


def _document(path: Path, output: Path, info: dict, start, total: int, builder: Builder, segments: list[dict],
              variables: dict[str, str]):
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    from livesop.format.yamledit import block_map, flow_map

    def text(value: str):
        return LiteralScalarString(value + "\n") if "\n" in value else value

    doc = CommentedMap()
    doc["livesop"] = 1
    doc["id"] = slug(path.stem, "imported")
    doc["title"] = info.get("title") or path.stem
    doc["version"] = info.get("version", "1.0.0")
    if "platform" in info:
        doc["platform"] = info["platform"]
    description = [f"从 {path.name} 导入。", *info["description"]]
    doc["description"] = LiteralScalarString("\n".join(description) + "\n")
    schedule = []
    if start is not None:
        schedule.append(("start", DoubleQuotedScalarString(format_clock(start))))
    length = info.get("length")
    if length and length >= total:
        schedule.append(("length", format_duration(length)))
    elif length:
        builder.im.notes.append(f"{builder.sheet.name}: " + _(
            "the info lines give 时长 {length}, but the rows run {total}; schedule.length left out").format(
                length=human_duration(length, compact=True), total=human_duration(total, compact=True)))
    if schedule:
        doc["schedule"] = block_map(schedule)
    if "date" in info:
        doc["session"] = block_map([("date", DoubleQuotedScalarString(info["date"].isoformat()))])
    if variables:
        doc["variables"] = block_map(variables.items())
    roles = CommentedMap()
    for rid, role in builder.roles.items():
        pairs = [("name", role["name"])]
        if role.get("description"):
            pairs.append(("description", role["description"]))
        if role.get("backup"):
            pairs.append(("backup", role["backup"]))
        roles[rid] = flow_map(pairs)
    doc["roles"] = roles
    if builder.products:
        order = ("id", "slot", "name", "link", "list_price", "price_basis", "live_price", "stock", "mechanism")
        doc["products"] = CommentedSeq(
            block_map((k, p[k]) for k in order if k in p and p[k] not in (None, "")) for p in builder.products)
    if builder.scripts:
        scripts = CommentedMap()
        for sid, entry in builder.scripts.items():
            if set(entry) == {"text"}:
                scripts[sid] = text(entry["text"])
            else:
                pairs = [(k, text(v) if k == "text" else (flow_seq(v) if k == "tags" else v)) for k, v in entry.items()]
                scripts[sid] = block_map(pairs)
        doc["scripts"] = scripts
    seq = CommentedSeq()
    for seg in segments:
        pairs = [("id", seg["id"]), ("title", seg["title"])]
        kind = guess_kind(seg["_title"], seg["_product"] is not None)
        if kind:
            pairs.append(("kind", kind))
        if seg["_product"] is not None:
            pairs.append(("product", seg["_product"]["id"]))
        for key in ("start", "end", "duration"):
            if key in seg:
                pairs.append((key, DoubleQuotedScalarString(seg[key]) if key == "start" else seg[key]))
        if "notes" in seg:
            pairs.append(("notes", text(seg["notes"])))
        if seg["cues"]:
            pairs.append(("cues", CommentedSeq(flow_map(c.items()) for c in seg["cues"])))
        seq.append(block_map(pairs))
    doc["segments"] = seq
    doc.yaml_set_start_comment(schema_comment(output)[2:])
    return doc


def flow_seq(items):
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq
