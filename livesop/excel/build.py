"""Turning the rows read from a 直播脚本 into playbook data: roles, products, scripts and segments.

Role cells become cues (one per line, ``mm:ss text``; a line without a time goes at 0s), 主播话术
becomes scripts said by the host, the product columns become products. What does not fit is noted
(or, when the row cannot be read, reported as an error) on the importer, with its place.
"""

from __future__ import annotations

import re
import unicodedata

from livesop.excel.cells import (
    DAY,
    clock_offset,
    parse_clock_text,
    parse_cue_line,
    parse_sheet_duration,
    parse_span,
    split_time
)
from livesop.excel.columns import PRODUCT_FIELDS, Column, label
from livesop.excel.lineup import parse_count, parse_price
from livesop.excel.reader import Importer, Row
from livesop.excel.workbook import cell_text, quote
from livesop.format.timefmt import format_clock, format_duration, human_duration, parse_duration
from livesop.i18n import _, join

SKIP_TITLES = ("合计", "总计", "小计")
HARD_START = re.compile(r"^硬开始\s*(\d{1,2}:\d{2})")
AUTO_NEXT = "到点自动切下一段"


def _escape(text: str) -> str:
    """A sheet text as a literal 话术/action: braces are not placeholders."""
    return text.replace("{", "{{").replace("}", "}}")


def slug(text: str, fallback: str) -> str:
    """``text`` as an id (NFKC, other characters as ``-``, at most 40 long), or ``fallback`` when none is left."""
    result = re.sub(r"[^\w.-]+", "-", unicodedata.normalize("NFKC", text)).strip("-.")[:40].strip("-.")
    return result or fallback


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


class Builder:
    """From rows to the playbook's parts: roles, products, scripts, segments."""

    def __init__(self, importer: Importer, columns: list[Column]):
        self.im = importer
        self.sheet = importer.sheet
        self.columns = columns
        self.roles: dict[str, dict] = {rid: {"name": name, "description": desc, "backup": backup}
                                       for rid, (name, desc, backup) in importer.extra_roles.items()}
        self.host = next((rid for rid, role in self.roles.items() if role["name"] == "主播"), "host")
        for column in columns:  # roles in column order; the 主播话术 column stands for the host
            if column.target.kind == "script" and self.host not in self.roles:
                self.roles[self.host] = {"name": "主播"}
            if column.target.kind == "role" and column.target.role not in self.roles:
                self.roles[column.target.role] = {"name": column.target.name or column.header}
        self.scripts: dict[str, dict] = importer.script_sheet()
        self.products: list[dict] = []
        self.sheet_products = importer.product_sheet()
        for values in self.sheet_products:
            self.products.append(dict(values))
        self.segment_ids: set[str] = set()
        self.script_ids: set[str] = set(self.scripts)

    # products -----------------------------------------------------------------------------------
    def product(self, row: Row) -> dict | None:
        read: dict = {}
        where_of: dict = {}
        for fld in PRODUCT_FIELDS:
            column, value = row.first(fld)
            if column is None:
                continue
            where = self.sheet.where(row.number, column.index)
            where_of[fld] = where
            text = cell_text(value)
            if fld in ("live_price", "list_price"):
                price = parse_price(value)
                if price is None:
                    self.im.error(where, _("{field} {value} is not a price").format(
                        field=label(fld), value=quote(text)))
                    return None
                read[fld] = price
            elif fld in ("link", "stock"):
                number = parse_count(value)
                if number is None or (fld == "link" and number < 1):
                    self.im.error(where, _("{field} {value} is not a whole number").format(
                        field=label(fld), value=quote(text)))
                    return None
                read[fld] = number
            else:
                read["name" if fld == "product" else fld] = text
        if not read:
            return None
        found = self._find_product(read)
        if found is None:
            found = {"name": read.get("name") or "", "_where": self.sheet.where(row.number)}
            self.products.append(found)
        for key, value in read.items():
            if key not in found or found[key] in (None, ""):
                found[key] = value
            elif found[key] != value and key in ("live_price", "name"):
                place = where_of.get("live_price" if key == "live_price" else "product", self.sheet.where(row.number))
                self.im.note(place, _("{field} {value} differs from the same product's {kept} above; "
                                      "kept {kept}").format(field="直播价" if key == "live_price" else "商品",
                                                            value=value, kept=found[key]))
        found.setdefault("_rows", []).append(row.number)
        return found

    def _find_product(self, read: dict) -> dict | None:
        for product in self.products:
            if "link" in read and product.get("link") == read["link"]:
                return product
        if "link" not in read and read.get("name"):
            for product in self.products:
                if product.get("name") == read["name"]:
                    return product
        return None

    def finish_products(self) -> None:
        """Give every product an id, a name and a link."""
        taken_links = {p["link"] for p in self.products if p.get("link")}
        next_link = max(taken_links, default=0) + 1
        ids: set[str] = set()
        for product in self.products:
            where = product.get("_where", self.im.file)
            if not product.get("link"):
                product["link"] = next_link
                self.im.note(where, _("商品 {name} has no 链接号; numbered {link}").format(
                    name=quote(product.get("name")), link=next_link))
                next_link += 1
            if not product.get("name"):
                product["name"] = f"{product['link']}号链接"
                self.im.note(where, _("链接号 {link} has no 商品 name; named {name}").format(
                    link=product["link"], name=quote(product["name"])))
            if "live_price" not in product:
                rows = join(str(r) for r in product.get("_rows", ())) or "?"
                self.im.error(self.sheet.where(product["_rows"][0]) if product.get("_rows") else where,
                              _("商品 {name} has no 直播价 (rows {rows}); a product needs one "
                                "(add a 直播价 column, or --map the 商品 column to notes)").format(
                                  name=quote(product["name"]), rows=rows))
            product["id"] = _unique(product.get("id") or f"p{product['link']}", ids)

    # cues and scripts -------------------------------------------------------------------------
    def cues(self, row: Row, seg_id: str, duration: int, seg_clock: int | None) -> list[dict]:
        cues: list[dict] = []
        script_column = row.first("script")[0]
        if script_column is not None:
            chunks = self._script_chunks(row.text("script"))
            for at, text in chunks:
                script_id = _unique(f"{seg_id}-话术", self.script_ids)
                self.scripts[script_id] = {"text": _escape(text)}
                offset = self._at(at, duration, seg_clock, row, script_column)
                cues.append({"at": offset, "role": self.host, "say": script_id, "_at": parse_duration(offset)})
        for key, cells in row.values.items():
            if not key.startswith("role:"):
                continue
            for column, value in cells:
                for line in cell_text(value).split("\n"):
                    if line.strip():
                        cues.append(self._cue(line, column, row, duration, seg_clock))
        cues.sort(key=lambda c: c.pop("_at") or 0)
        return cues

    def _script_chunks(self, text: str) -> list[tuple[tuple[int | None, str], str]]:
        chunks: list[list] = []
        for line in text.split("\n"):
            at, at_text, rest = split_time(line)
            if at is not None:
                chunks.append([(at, at_text), [rest]])
            elif chunks:
                chunks[-1][1].append(line)
            elif line.strip():
                chunks.append([(None, ""), [line]])
        return [(at, "\n".join(lines).strip()) for at, lines in chunks if "\n".join(lines).strip()]

    def _at(self, at: tuple[int | None, str], duration: int, seg_clock, row: Row, column: Column) -> str:
        seconds, text = at
        if seconds is None:
            return "0s"
        if seconds >= duration and duration > 0:
            offset = clock_offset(text, seg_clock, duration)
            if offset is not None:
                return format_duration(offset)
            self.im.note(self.sheet.where(row.number, column.index),
                         _("time {time} is past the segment's end ({length}); placed at 0s").format(
                             time=text, length=human_duration(duration, compact=True)))
            return "0s"
        return format_duration(seconds)

    def _cue(self, line: str, column: Column, row: Row, duration: int, seg_clock) -> dict:
        parsed = parse_cue_line(line)
        at = self._at((parsed.at, parsed.at_text), duration, seg_clock, row, column)
        cue: dict = {"at": at, "role": column.target.role}
        say = parsed.say
        if say is not None and not (say.startswith("lib:") or say in self.scripts):
            self.im.note(self.sheet.where(row.number, column.index),
                         _("script `{id}` is not defined (no 话术 sheet holds it); kept as an action").format(id=say))
            say = None
        if say is not None:
            cue["say"] = say
        else:
            cue["do"] = _escape(parsed.text)
        if parsed.every:
            if parsed.every < duration:
                cue["every"] = format_duration(parsed.every)
            else:
                self.im.note(self.sheet.where(row.number, column.index),
                             _("repeat every {every} is not shorter than the segment; left out").format(
                                 every=human_duration(parsed.every, compact=True)))
        if parsed.note:
            cue["note"] = parsed.note
        cue["_at"] = parse_duration(at)
        return cue


# ------------------------------------------------------------------------------- assembling

def build_segments(builder: Builder, rows: list[Row], info: dict) -> tuple[list[dict], int | None, int]:
    """Segments in row order, the go-live clock the sheet implies, and the total run time."""
    im, sheet = builder.im, builder.sheet
    planned = []
    for row in rows:
        title = row.text("title").replace("\n", " ")
        if title.strip() in SKIP_TITLES:
            im.note(sheet.where(row.number), _("{title} row is a total, not a segment; left out").format(
                title=quote(title)))
            continue
        span_column, span_value = row.first("span")
        span = parse_span(span_value) if span_column is not None else None
        if span_column is not None and span is None:
            im.note(sheet.where(row.number, span_column.index),
                    _("时间段 {value} is not a time range such as 20:00-20:15; left out").format(
                        value=quote(cell_text(span_value))))
        duration_column, duration_value = row.first("duration")
        duration = None
        if duration_column is not None:
            duration = parse_sheet_duration(duration_value, duration_column.unit)
            if duration is None:
                im.error(sheet.where(row.number, duration_column.index),
                         _("时长 {value} is not a duration (write 15分钟, 15min, 15m, 1小时30分 or 0:15:00)").format(
                             value=quote(cell_text(duration_value))))
                continue
            if span is not None and span.duration != duration:
                im.note(sheet.where(row.number, duration_column.index),
                        _("时长 {duration} does not match 时间段 {span} ({length}); used the 时长").format(
                            duration=cell_text(duration_value), span=cell_text(span_value),
                            length=human_duration(span.duration, compact=True)))
        elif span is not None:
            duration = span.duration
        if not duration:
            where = sheet.where(row.number, duration_column.index if duration_column else None)
            if duration is not None:
                message = _("时长 is zero")
            elif title:
                message = _("row {row} ({title}) has no 时长 or 时间段, so its length is unknown").format(
                    row=row.number, title=title)
            else:
                message = _("row {row} (no 环节) has no 时长 or 时间段, so its length is unknown").format(row=row.number)
            im.error(where, message)
            continue
        if not title:
            title = f"第{len(planned) + 1}段"
            im.note(sheet.where(row.number), _("no 环节 title; named {title}").format(title=quote(title)))
        planned.append((row, title, span, duration))

    start = None
    first_clock = next(((i, s) for i, (_row, _title, s, _length) in enumerate(planned)
                        if s is not None and not s.offsets), None)
    if first_clock is not None:
        index, span = first_clock
        start = (span.start - sum(d for _row, _title, _span, d in planned[:index])) % DAY
    elif "start" in info:
        start = info["start"]

    segments: list[dict] = []
    running = start
    total = 0
    for row, title, span, duration in planned:
        seg_id = _unique(slug(title, f"seg{len(segments) + 1}"), builder.segment_ids)
        notes, hard, auto_next = _notes(row, builder)
        seg: dict = {"id": seg_id, "title": _escape(title)}
        product = builder.product(row)
        clock = span.start if span is not None and not span.offsets else running
        if running is not None:
            wanted = hard if hard is not None else (span.start if span is not None and not span.offsets else None)
            if wanted is not None:
                delta = (wanted - running + DAY // 2) % DAY - DAY // 2
                if delta > 0 or (delta == 0 and hard is not None):
                    seg["start"] = format_clock(wanted % DAY)
                    running = wanted
                elif delta < 0:
                    marker = row.first("span")[0] or row.first("notes")[0]
                    im.note(sheet.where(row.number, marker.index if marker else None),
                            _("starts at {start}, but the rows above run until {end}; kept in order").format(
                                start=format_clock(wanted % DAY), end=format_clock(running % DAY)))
        seg["duration"] = format_duration(duration)
        if auto_next:
            seg["end"] = "next"
        seg["_product"] = product
        seg["_title"] = title
        seg["cues"] = builder.cues(row, seg_id, duration, clock)
        if notes:
            seg["notes"] = notes
        segments.append(seg)
        if running is not None:
            running += duration
        total += duration
    return segments, start, total


def _notes(row: Row, builder: Builder) -> tuple[str, int | None, bool]:
    """The 备注 text without the lines ``livesop show`` adds (硬开始 …, 到点自动切下一段), which come
    back as ``start`` and ``end: next``; unknown columns are kept here as ``header：value``."""
    hard, auto_next, kept = None, False, []
    for line in row.text("notes").split("\n"):
        stripped = line.strip()
        match = HARD_START.match(stripped)
        if match:
            hard = parse_clock_text(match.group(1))
        elif stripped == AUTO_NEXT:
            auto_next = True
        elif stripped:
            kept.append(stripped)
    for column, value in row.values.get("unknown", ()):
        text = cell_text(value)
        if text:
            kept.append(f"{column.header}：{text}")
            builder.im.note(builder.sheet.where(row.number, column.index),
                            _("column {header} is not a known field; kept in the segment's notes "
                              "(--map {name}=FIELD to map it, or =ignore)").format(
                                header=quote(column.header), name=column.header))
    return _escape("\n".join(kept)), hard, auto_next
