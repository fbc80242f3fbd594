"""Resume compares everything: each logged event must be what the replay gives, field by field.
A log whose texts were edited and whose hash chain was then computed again still verifies;
resume refuses it, naming the line and what differs."""

from __future__ import annotations

import json

import pytest

from livesop.errors import LivesopError
from livesop.runner.clock import FakeClock
from livesop.runner.runlog import GENESIS, encode, line_hash, read_log
from livesop.runner.show import load_show, resume_run
from tests.runkit import WALL0, M, S, drive, new_show, plain_run
from tests.runner.test_runlog import SHOW  # noqa: F401  (the playbook_file fixture reads it)


def recorded(playbook_file, tmp_path):
    run = plain_run(new_show(playbook_file, tmp_path, interactive=False), FakeClock(0, wall0_ms=WALL0))
    drive(run, M)
    run.emit(run.engine.pause(M))
    run.emit(run.engine.resume(M + 5000))
    drive(run, 3 * M + 40 * S)  # into segment b, which began 5 s late (the pause)
    run.stop("stopped")
    return tmp_path / "run.jsonl"


def rechain(path, edit) -> int:
    """Apply ``edit`` to the records, then compute every `prev` again: a valid chain over changed content.
    Returns the line number of the first record ``edit`` changed."""
    records = [json.loads(line) for line in path.read_bytes().splitlines()]
    changed = [json.dumps(r, sort_keys=True) for r in records]
    edit(records)
    first = next((n for n, (r, before) in enumerate(zip(records, changed), 1)
                  if json.dumps(r, sort_keys=True) != before), 0)
    prev, out = GENESIS, []
    for record in records:
        record["prev"] = prev
        line = encode(record)
        out.append(line)
        prev = line_hash(line)
    path.write_bytes(b"".join(line + b"\n" for line in out))
    return first


def resume(playbook_file, log):
    return resume_run(log, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + 4 * M, speed=None,
                      interactive=False)


def first_cue(records, role="host"):
    return next(r for r in records if r.get("kind") == "cue" and r["role"] == role)


EDITS = {
    "text": (lambda rs: first_cue(rs).update(text="欢迎新朋友，今天全场五折"),
             "`text` is '欢迎新朋友，今天全场五折' in the log, the playbook gives '欢迎'"),
    "role": (lambda rs: first_cue(rs, "ops").update(role="host"),
             "`role` is 'host' in the log, the playbook gives 'ops'"),
    "action": (lambda rs: first_cue(rs).update(action="say"), "`action` is 'say' in the log, the playbook gives 'do'"),
    "time": (lambda rs: first_cue(rs, "ops").update(t=186_000), "`t` is 186000 in the log, the playbook gives 185000"),
    "a figure": (lambda rs: next(r for r in rs if r.get("kind") == "resume").update(amount=1000),
                 "`amount` is 1000 in the log, the playbook gives 5000"),
    "a field added": (lambda rs: first_cue(rs).update(note="加的"), "`note` is '加的' in the log, the playbook "
                                                                    "gives nothing"),
}


@pytest.mark.parametrize("what", EDITS)
def test_an_edited_log_with_its_chain_computed_again_is_refused(playbook_file, tmp_path, what):
    log = recorded(playbook_file, tmp_path)
    edit, difference = EDITS[what]
    line = rechain(log, edit)
    assert read_log(log).ok  # the chain alone cannot tell
    with pytest.raises(LivesopError) as caught:
        resume(playbook_file, log)
    message = caught.value.message
    assert f"does not match the playbook at line {line} " in message and difference in message
    assert "--resume" not in message and caught.value.hint


@pytest.mark.parametrize("edit", [lambda rs: rs[0].update(title="别的节目"),
                                  lambda rs: rs[0]["plan"]["segments"][0].update(duration=60_000),
                                  lambda rs: rs[0]["plan"]["roles"].update(host="换人")],
                         ids=["title", "a planned duration", "a role name"])
def test_a_header_that_is_not_this_playbooks_is_refused(playbook_file, tmp_path, edit):
    log = recorded(playbook_file, tmp_path)
    assert rechain(log, edit) == 1 and read_log(log).ok
    with pytest.raises(LivesopError, match=r"at line 1 \(the header\): its `(title|plan)` differs"):
        resume(playbook_file, log)


def test_the_log_with_its_chain_computed_again_unchanged_resumes(playbook_file, tmp_path):
    log = recorded(playbook_file, tmp_path)
    assert rechain(log, lambda rs: None) == 0
    prepared = resume(playbook_file, log)
    assert [e.kind for e in prepared.events] == ["interrupted"]
    prepared.log.abandon()
