"""Property tests of the semantic diff over generated playbooks.

Playbooks are generated as data, then written out as YAML text in a random style (block or
flow, keys in any order, comments, different spellings of the same duration) and loaded the
normal way. Properties: diff(A, A) is empty; the same playbook written differently has no
difference; and the reported kinds account for every id on both sides.
"""

from __future__ import annotations

import json
import random
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from livesop.format.build import build
from livesop.format.yamlio import load_text
from livesop.versions.diff import diff

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ROLE_IDS = ["host", "ops", "场控", "tech"]
PRODUCT_IDS = ["coat", "knit", "围巾", "bag"]
SCRIPT_IDS = ["hello", "pitch", "bye", "促单"]
SEGMENT_IDS = ["open", "pitch", "flash", "闭幕", "qa", "encore"]
EMERGENCY_IDS = ["freeze", "surge", "差评"]
CUE_IDS = ["c1", "c2", "c3"]
WORDS = st.sampled_from(["欢迎", "来到", "直播间", "今天", "秒杀", "福袋", "{room}", "！", "，", "hello", "上架"])
TEXT = st.lists(WORDS, min_size=1, max_size=5).map("".join)


class Duration(int):
    """Seconds that the emitter may spell in any equivalent way."""


def spellings(seconds: int) -> list[str]:
    forms = [f"{seconds}s", f"{seconds // 60}:{seconds % 60:02d}"]
    if seconds and seconds % 60 == 0:
        forms.append(f"{seconds // 60}m")
    return forms


durations = st.integers(0, 40).map(lambda m: Duration(m * 30))
positive_durations = st.integers(2, 40).map(lambda m: Duration(m * 30))


def subset(pool, min_size=0):
    return st.lists(st.sampled_from(pool), min_size=min_size, max_size=len(pool), unique=True)


@st.composite
def cues(draw, roles, segment):
    items = []
    for index in range(draw(st.integers(0, 3))):
        cue = {"at": draw(durations), "role": draw(st.sampled_from(roles))}
        if draw(st.booleans()):
            cue["do"] = draw(TEXT)
        else:
            cue["say"] = draw(st.sampled_from(SCRIPT_IDS))
        items.append(cue)
    ids = draw(subset(CUE_IDS))
    for cue, cue_id in zip(items, ids):
        if draw(st.booleans()):
            cue["id"] = f"{segment}-{cue_id}"  # cue ids are unique in the whole playbook
    return items


@st.composite
def playbooks(draw):
    roles = draw(subset(ROLE_IDS, 1))
    data = {
        "livesop": 1, "id": "demo", "title": draw(TEXT), "version": draw(st.sampled_from(["1.0.0", "1.2.0"])),
        "schedule": {"start": draw(st.sampled_from(["20:00", "19:30"])), "length": Duration(3600 * 3)},
        "roles": {r: {"name": draw(TEXT)} for r in roles},
        "products": [
            {"id": p, "name": draw(TEXT), "link": n + 1, "live_price": draw(st.integers(1, 999)),
             "stock": draw(st.integers(0, 500))}
            for n, p in enumerate(draw(subset(PRODUCT_IDS)))
        ],
        "scripts": {s: draw(TEXT) for s in draw(subset(SCRIPT_IDS))},
        "segments": [
            {"id": s, "title": draw(TEXT), "duration": draw(positive_durations), "cues": draw(cues(roles, s))}
            for s in draw(subset(SEGMENT_IDS, 1))
        ],
        "emergencies": [
            {"id": e, "title": draw(TEXT), "severity": draw(st.sampled_from(["P1", "P2"])), "trigger": draw(TEXT),
             "owner": draw(st.sampled_from(roles)), "recover_within": Duration(300),
             "steps": [{"role": draw(st.sampled_from(roles)), "do": draw(TEXT)}]}
            for e in draw(subset(EMERGENCY_IDS))
        ],
        "checklists": {"before": {r: [draw(TEXT) for _ in range(draw(st.integers(0, 2)))] for r in roles}},
    }
    return data


# -- writing data out as YAML in a chosen style ---------------------------------------------------

def scalar(value, rnd: random.Random) -> str:
    if isinstance(value, Duration):
        return json.dumps(rnd.choice(spellings(int(value))))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if rnd.random() < 0.5 or not re.fullmatch(r"[\w.-]+", value) \
            else value
    return json.dumps(value)


def shuffled(mapping: dict, rnd: random.Random) -> list:
    items = list(mapping.items())
    rnd.shuffle(items)
    return items


def flow(value, rnd: random.Random) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {flow(v, rnd)}"
                               for k, v in shuffled(value, rnd)) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v, rnd) for v in value) + "]"
    return scalar(value, rnd)


def block(value, rnd: random.Random, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in shuffled(value, rnd):
            if rnd.random() < 0.15:
                lines.append(f"{pad}# 注释 {key}")
            head = f"{pad}{scalar(key, rnd) if not isinstance(key, Duration) else key}:"
            if isinstance(item, (dict, list)) and item:
                if rnd.random() < 0.3:
                    lines.append(f"{head} {flow(item, rnd)}")
                else:
                    lines.append(head)
                    lines += block(item, rnd, indent + 2)
            else:
                comment = "  # 行尾注释" if rnd.random() < 0.1 else ""
                lines.append(f"{head} {flow(item, rnd)}{comment}")
        return lines
    for item in value:
        if isinstance(item, (dict, list)) and item and rnd.random() < 0.7:
            lines.append(f"{pad}-")
            lines += block(item, rnd, indent + 2)
        else:
            lines.append(f"{pad}- {flow(item, rnd)}")
    return lines


def write(data: dict, seed: int) -> str:
    rnd = random.Random(seed)
    if rnd.random() < 0.2:
        return flow(data, rnd) + "\n"
    return "\n".join(block(data, rnd)) + "\n"


def model(text: str):
    playbook, diagnostics = build(load_text(text, "p.yaml"))
    assert playbook is not None, (diagnostics, text)
    structural = [d for d in diagnostics if d.code.startswith(("LS1", "LS2"))]
    assert not structural, (structural, text)
    return playbook


# -- properties ---------------------------------------------------------------------------------

@SETTINGS
@given(playbooks(), st.integers(0, 2**32))
def test_diff_of_a_playbook_with_itself_is_empty(data, seed):
    playbook = model(write(data, seed))
    assert diff(playbook, playbook) == []


@SETTINGS
@given(playbooks(), st.integers(0, 2**32), st.integers(0, 2**32))
def test_order_comments_style_and_spelling_make_no_difference(data, seed_a, seed_b):
    assert diff(model(write(data, seed_a)), model(write(data, seed_b))) == []


ENTRY = re.compile(r"^(roles|products|scripts|segments|emergencies)\[([^\]]+)\]")


def ids(playbook) -> dict[str, set]:
    return {
        "roles": set(playbook.roles), "products": {p.id for p in playbook.products},
        "scripts": set(playbook.scripts), "segments": {s.id for s in playbook.segments},
        "emergencies": {e.id for e in playbook.emergencies},
    }


def entries(playbook) -> dict[tuple[str, str], object]:
    found = {("roles", k): v for k, v in playbook.roles.items()}
    found.update({("scripts", k): v for k, v in playbook.scripts.items()})
    for area in ("products", "segments", "emergencies"):
        found.update({(area, x.id): x for x in getattr(playbook, area)})
    return found


@SETTINGS
@given(playbooks(), playbooks(), st.integers(0, 2**32))
def test_reported_kinds_account_for_every_id(data_a, data_b, seed):
    a, b = model(write(data_a, seed)), model(write(data_b, seed + 1))
    result = diff(a, b)
    by_entry: dict[tuple[str, str], set] = {}
    for change in result:
        match = ENTRY.match(change.path)
        if match and change.area != "timing":
            kinds = by_entry.setdefault((match.group(1), match.group(2)), set())
            kinds.add(change.kind if change.path == match.group(0) else "changed")
    old_ids, new_ids = ids(a), ids(b)
    for area in old_ids:
        removed = {i for (ar, i), k in by_entry.items() if ar == area and "removed" in k}
        added = {i for (ar, i), k in by_entry.items() if ar == area and "added" in k}
        assert removed == old_ids[area] - new_ids[area], area
        assert added == new_ids[area] - old_ids[area], area
        # Applying the kinds to the old ids gives exactly the new ids.
        assert (old_ids[area] - removed) | added == new_ids[area]
    old_entries, new_entries = entries(a), entries(b)
    for key in old_entries.keys() & new_entries.keys():
        kinds = by_entry.get(key, set())
        assert not kinds & {"added", "removed"}
        if old_entries[key] != new_entries[key]:
            assert "changed" in kinds, key
        else:
            assert "changed" not in kinds, key
    # Cues with ids: matched by id inside segments present on both sides.
    for seg_a in a.segments:
        seg_b = next((s for s in b.segments if s.id == seg_a.id), None)
        if seg_b is None:
            continue
        cue_a = {c.id for c in seg_a.cues if c.id}
        cue_b = {c.id for c in seg_b.cues if c.id}
        prefix = f"segments[{seg_a.id}].cues["
        removed = {c.path[len(prefix):-1] for c in result if c.path.startswith(prefix) and c.kind == "removed"
                   and not c.path.startswith(prefix + "#")}
        added = {c.path[len(prefix):-1] for c in result if c.path.startswith(prefix) and c.kind == "added"
                 and not c.path.startswith(prefix + "#")}
        assert removed == cue_a - cue_b and added == cue_b - cue_a


@SETTINGS
@given(playbooks(), st.integers(0, 2**32))
def test_moves_are_reported_only_for_reordered_segments(data, seed):
    rnd = random.Random(seed)
    reordered = dict(data, segments=rnd.sample(data["segments"], len(data["segments"])))
    a, b = model(write(data, seed)), model(write(reordered, seed))
    moved = [c for c in diff(a, b) if c.kind == "moved"]
    kinds = {c.kind for c in diff(a, b) if c.area != "timing"}
    assert kinds <= {"moved"}
    old_order = [s["id"] for s in data["segments"]]
    new_order = [s["id"] for s in reordered["segments"]]
    assert bool(moved) == (old_order != new_order)
    # Removing the moved ids leaves the same relative order on both sides.
    gone = {c.path[len("segments["):-1] for c in moved}
    assert [i for i in old_order if i not in gone] == [i for i in new_order if i not in gone]
