"""The hub of a served run: one engine, its run log and its clock, seen by every phone in the room.

The hub owns nothing but references: the ``Engine``, the ``RunLog`` and the clock it was given.
A phone's act (``control``) becomes the same operation event a run log replays, applied through
``runner.keymap.apply`` as a key press is; what the engine returns is logged first — with the
device that sent it — and only then published, as ``PlainRun.emit`` logs before it prints. Publishing sends the view state's delta
(the top-level keys that changed since the last publish) to every subscriber, serialised once;
a new subscriber starts from ``full()``. ``next_wake`` says when to publish next by itself: the
engine's next deadline, or a second after the last publish (show time runs ``speed`` times real
time), whichever comes first. The hub reads no socket and sleeps nowhere: ``server`` does that.

Tokens: each run has a view token (every view, read only) and a control token (the 控场 view and
its acts), made with ``secrets`` and compared in constant time.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, replace
from typing import Any, Callable

from livesop.controls import visible
from livesop.format.timefmt import SECOND_MS
from livesop.i18n import in_chinese
from livesop.runner.comments import parse_lines
from livesop.runner.engine import Engine
from livesop.runner.events import OPERATIONS, Event
from livesop.runner.keymap import apply
from livesop.runner.runlog import RunLog
from livesop.runner.viewstate import show_info
from livesop.serve.state import static_info, view_state

MINUTE_MS = 60 * SECOND_MS
MESSAGE_MAX = 40  # characters of a message to the prompter
PRESETS = ("讲慢点", "看弹幕", "上福袋")  # the control view's one-tap messages to the 主播

# The operations a phone may ask for (the operator's acts of docs/run.md), each with what the control
# view hears when the engine did nothing with it. Each is applied by ``runner.keymap.apply``: the path a
# key press and the replay of a run log take, so what a phone did is logged and replayed alike.
ACTS: dict[str, str] = {
    "pause": "现在没有可暂停的环节",
    "resume": "没有暂停，无需继续",
    "take": "没有下一环节",
    "back": "这已是第一个环节",
    "adjust": "无法调整：环节结束不能早于现在",
    "ack": "没有待确认的提示",
    "emergency-open": "该预案已在进行中，或直播不在进行",
    "emergency-respond": "没有等待处理的应急",
    "emergency-close": "没有进行中的应急",
}


@dataclass(frozen=True)
class Tokens:
    """The run's two secrets: ``view`` opens every view, ``control`` the 控场 view and its acts too."""

    view: str
    control: str

    @classmethod
    def new(cls) -> "Tokens":
        return cls(secrets.token_urlsafe(16), secrets.token_urlsafe(16))

    def access(self, given: str | None) -> str | None:
        """``"control"``, ``"view"`` or None for a token given in a request."""
        if not given:
            return None
        given_bytes = given.encode("utf-8", "replace")
        if secrets.compare_digest(given_bytes, self.control.encode()):
            return "control"
        if secrets.compare_digest(given_bytes, self.view.encode()):
            return "view"
        return None


@dataclass(frozen=True)
class Outcome:
    """What became of a phone's act: ``ok`` when the engine did it, else ``note`` says why not."""

    ok: bool
    note: str = ""
    events: tuple[Event, ...] = ()


class Hub:
    """The served run's engine, log and clock, with the subscribers that draw it."""

    def __init__(self, engine: Engine, log: RunLog, clock, *, emit: Callable[[list[Event]], None] | None = None,
                 tokens: Tokens | None = None, comments=None):
        self.engine = engine
        self.log = log
        self.clock = clock
        self._emit = emit or self._log_events  # log first (then, e.g., print): PlainRun.emit fits
        self.tokens = tokens or Tokens.new()
        self.info = show_info(engine)
        self.static = static_info(engine, clock.speed)
        self.message: dict[str, Any] | None = None
        self.seq = 0
        self.last: dict[str, Any] = {}
        self.published_t = clock.now_ms()
        self._subscribers: list[Callable[[str], None]] = []
        self._messages = 0
        # the run whose 弹幕 watch the pages show and ``POST /comments`` feeds (``runner.plain.PlainRun``:
        # ``poll_comments``, ``push_comments``, ``comments_view``, ``comments_wake``); None: no watch
        self.comments = comments

    # ----------------------------------------------------------------- what happens

    def tick(self) -> list[Event]:
        """What fell due by now, logged and published (a publish even when nothing fell due)."""
        if self.log.pending:  # a log that failed: try again at every beat
            self.log.flush(self.clock.wall_ms())
        events = self.engine.tick(self.clock.now_ms())
        if events:
            self._emit(events)
        if self.comments is not None:  # after the engine: comments count in the segment running now
            self.comments.poll_comments()
        self.publish()
        return events

    def push_comments(self, lines: list[bytes]) -> dict[str, int]:
        """Comments pushed to the web server (JSON Lines, ``runner.comments``): screened, logged and
        published as the watch's own; how many were comments and how many lines were malformed."""
        items = parse_lines(lines)
        if self.comments is not None and items:
            self.comments.push_comments(items)
            self.publish()
        comments = sum(1 for item in items if not isinstance(item, str))
        return {"read": comments, "malformed": len(items) - comments}

    def emit(self, events: list[Event], device: str | None = None) -> None:
        """Log ``events`` (each operation with ``device``), then publish the new state: log first."""
        if device:
            events = [replace(e, data=e.data + (("device", device),)) if e.kind in OPERATIONS else e for e in events]
        if events:
            self._emit(events)
        self.publish()

    def control(self, kind: str, device: str, args: dict[str, Any] | None = None) -> Outcome:
        """A phone's act: an operation on the engine, or a message to the prompter; checked before it acts."""
        args = args or {}
        if kind == "message":
            return self.send_message(args.get("text"), device)
        if kind not in ACTS:
            return Outcome(False, "未知操作")
        request, problem = self._request(kind, args)
        if request is None:
            return Outcome(False, problem)
        events = apply(self.engine, request)
        self.emit(events, device)
        done = any(e.kind == kind for e in events)
        return Outcome(done, "" if done else ACTS[kind], tuple(events))

    def send_message(self, text: Any, device: str) -> Outcome:
        """A short message from the 场控 to the prompter, shown over it."""
        words = " ".join(visible(text).split()) if isinstance(text, str) else ""
        if not words:
            return Outcome(False, "消息是空的")
        if len(words) > MESSAGE_MAX:
            return Outcome(False, f"消息最多 {MESSAGE_MAX} 个字")
        now = self.clock.now_ms()
        events = apply(self.engine, Event("message", now, text=words))
        self.emit(events, device)  # logged with the device before any screen shows it
        if not any(e.kind == "message" for e in events):
            return Outcome(False, "直播没有在进行", tuple(events))
        self._messages += 1
        self.message = {"id": self._messages, "text": words, "from": device, "t": now}
        self.publish()
        return Outcome(True, "", tuple(events))

    def _request(self, kind: str, args: dict[str, Any]) -> tuple[Event | None, str]:
        now = self.clock.now_ms()
        if kind == "adjust":
            minutes = args.get("minutes")
            if type(minutes) is not int or not 1 <= abs(minutes) <= 10:
                return None, "只能加减 1 到 10 分钟"
            return Event(kind, now, amount=minutes * MINUTE_MS), ""
        if kind == "ack":
            cue = args.get("cue")
            if cue is not None and (not isinstance(cue, str) or len(cue) > 200):
                return None, "提示编号不对"
            return Event(kind, now, cue=cue), ""
        if kind.startswith("emergency-"):
            plan = args.get("plan")
            known = {p.id for p in self.engine.playbook.emergencies}
            if (plan is not None or kind == "emergency-open") and plan not in known:
                return None, "没有这个应急预案"
            return Event(kind, now, plan=plan), ""
        return Event(kind, now), ""

    def _log_events(self, events: list[Event]) -> None:
        for event in events:
            self.log.event(event, self.clock.wall_ms())

    # ----------------------------------------------------------------- what is published

    def state(self) -> dict[str, Any]:
        """The whole view state now."""
        data = view_state(self.engine, self.clock.now_ms(), self.info)
        data["msg"] = self.message
        data["log"] = log_alarm(self.log)
        if self.comments is not None:
            view = self.comments.comments_view()
            data["comments"] = None if view is None else view.to_dict()
        return data

    def publish(self) -> str:
        """Send every subscriber what changed since the last publish; returns the message sent."""
        state = self.state()
        delta = {key: value for key, value in state.items() if key not in self.last or self.last[key] != value}
        self.last = state
        self.seq += 1
        self.published_t = state["t"]
        text = encode({"type": "state", "seq": self.seq, "d": delta})
        for subscriber in list(self._subscribers):
            subscriber(text)
        return text

    def full(self) -> str:
        """The whole state as last published, for a subscriber that has just come (or come back)."""
        if not self.last:
            self.publish()
        return encode({"type": "state", "seq": self.seq, "full": True, "d": self.last})

    def subscribe(self, subscriber: Callable[[str], None]) -> None:
        self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Callable[[str], None]) -> None:
        if subscriber in self._subscribers:
            self._subscribers.remove(subscriber)

    def next_wake(self) -> int:
        """Show time of the next publish by itself: the engine's next deadline or the next beat."""
        beat = self.published_t + max(1, int(SECOND_MS * self.clock.speed))
        deadline = self.engine.next_deadline()
        wakes = [beat] + ([deadline] if deadline is not None else [])
        if self.comments is not None:  # the next look at the comments, one leaving the window
            wakes += self.comments.comments_wake()
        return min(wakes)

    @property
    def finished(self) -> bool:
        return self.engine.state == "finished"


def log_alarm(log: RunLog) -> str:
    """The run log failing, as the 控场 view says it under "直播记录写入失败：" ("" while it is written).
    In Chinese whatever the terminal speaks, as every word of the pages, the system's reason too
    when the catalogue knows it."""
    if not log.failure:
        return ""
    return f"内存中暂存 {len(log.pending)} 行，写不进 {log.path.name}（{in_chinese(log.failure)}）；每次事件都会重试，直播照常进行"


def encode(message: dict[str, Any]) -> str:
    """One message on the socket: compact JSON, Chinese as it is."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))
