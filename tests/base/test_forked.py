"""``livesop.forked``: parts computed in forked children come back in order, and whatever goes
wrong with a child, this process computes its part itself."""

from __future__ import annotations

import os

import pytest

from livesop import forked


@pytest.fixture()
def forks(monkeypatch):
    """The pids of the children forked (threads other tests left running do not stop a fork)."""
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    started, fork = [], os.fork

    def counted():
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(forked.os, "fork", counted)
    return started


def parts(count: int):
    return [lambda number=number: [(number, os.getpid())] for number in range(count)]


def test_parts_come_back_in_order_each_from_its_own_process(forks):
    found = forked.in_parts(parts(4))
    assert [number for number, _pid in found] == [0, 1, 2, 3]
    assert found[0][1] == os.getpid() and [pid for _number, pid in found[1:]] == forks
    assert len(set(forks)) == 3
    assert forked.in_parts([lambda: [1, 2]]) == [1, 2] and forks[3:] == []  # one part: no child


def test_a_child_that_fails_or_sends_no_list_has_its_part_computed_here(forks, monkeypatch):
    here = os.getpid()
    failing = [lambda: [1], lambda: [2] if os.getpid() == here else [][0], lambda: [3]]
    assert forked.in_parts(failing) == [1, 2, 3] and len(forks) == 2
    not_a_list = [lambda: [1], lambda: [2] if os.getpid() == here else (2,)]
    assert forked.in_parts(not_a_list) == [1, 2]
    dumps = forked.pickle.dumps
    monkeypatch.setattr(forked.pickle, "dumps", lambda value, protocol: dumps(value, protocol)[:-3])  # cut short
    assert forked.in_parts(parts(2)) == [(0, here), (1, here)]


def test_no_fork_no_children(forks, monkeypatch):
    def refused():
        raise OSError("no more processes")

    monkeypatch.setattr(forked.os, "fork", refused)
    here = os.getpid()
    assert forked.in_parts(parts(3)) == [(0, here), (1, here), (2, here)]
    monkeypatch.setattr(forked.threading, "active_count", lambda: 2)  # a fork would not copy the other thread
    monkeypatch.setattr(forked.os, "fork", lambda: pytest.fail("forked beside a thread"))
    assert forked.in_parts(parts(2)) == [(0, here), (1, here)]


def test_an_interrupt_here_stops_the_children(forks):
    def interrupted():
        raise KeyboardInterrupt

    never, kept_open = os.pipe()  # the child waits on it for ever: nothing is written to it
    try:
        with pytest.raises(KeyboardInterrupt):
            forked.in_parts([interrupted, lambda: [os.read(never, 1)]])
    finally:
        os.close(never)
        os.close(kept_open)
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)  # stopped and reaped: no child left behind
