/* 演播室时钟: the show's wall clock, the segment's countdown, how late or early the show runs, the
 * next hard start and when the show will end at the present pace. Everything from the engine's
 * clock, corrected by this device's measured offset. */
"use strict";
(function () {
  const live = window.livesop;

  function render(st) {
    live.renderStatus(live.$("status"));
    live.text("seg-title", st.seg ? (st.index + 1) + "/" + (live.info ? live.info.segments : "") + " " + st.title : "");
    tick();
  }

  function tick() {
    const st = live.state;
    if (st.state == null) return;
    live.text("wall", live.clockText(live.clock(), true));
    live.renderCountdown(live.$("count"));
    const behind = live.behind();
    const behindEl = live.$("behind");
    live.text(behindEl, live.behindText(behind));
    behindEl.className = "num " + (behind == null || Math.abs(behind) < 30000 ? "ok" : behind > 0 ? "bad" : "warn");
    const hard = st.hard;
    if (hard) {
      const late = hard.late + (live.behind() - (st.behind || 0));
      const toGo = hard.target - live.now();
      live.text("hard-label", "下一个硬性开始 " + live.clockText(hard.clock));
      const when = toGo > 0 ? "还有 " + live.fmt(toGo) + " · " : "";
      live.text("hard", when + "预计" + live.behindText(late) + " · " + hard.title);
    } else {
      live.text("hard-label", "下一个硬性开始");
      live.text("hard", "没有了");
    }
    const ends = st.clock == null ? null : st.clock + (st.projected_end + (live.behind() - (st.behind || 0)) - st.t);
    live.text("ends", ends == null ? "" : live.clockText(ends));
  }

  live.onState(render);
  live.onTick(tick);
})();
