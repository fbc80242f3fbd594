/* A role's own view (助播, 中控, 客服...): my next cue with its countdown, the current segment and
 * its product card, my upcoming cues, and the open emergency's steps for my role. When one of my
 * cues fires the phone vibrates (where the browser allows) and beeps (once sound is turned on). */
"use strict";
(function () {
  const live = window.livesop;
  const role = decodeURIComponent(location.pathname.split("/").pop());
  const done = (c) => c.status === "done" || c.status === "acked";
  let next = null;

  function render(st) {
    const info = live.info || { title: "" };
    live.text("who", live.roleName(role) + " · " + info.title);
    live.renderStatus(live.$("status"));
    const mine = (st.cues || []).filter((c) => c.role === role);
    next = mine.find((c) => !done(c)) || null;
    const fired = mine.filter(done);
    const fresh = live.newlyFired(st).filter((c) => c.role === role);
    if (fresh.length) {
      const box = live.$("mine");
      box.classList.remove("fired");
      void box.offsetWidth; // restart the animation
      box.classList.add("fired");
      live.alert();
    }
    const last = fired.length ? fired[fired.length - 1] : null;
    live.show("last", !!last);
    if (last) live.text("last", "刚才 · " + live.verb(last.action) + "：" + last.text);
    live.text("mine-what", next ? live.verb(next.action) + "：" + next.text :
      st.state === "finished" ? "直播已结束，辛苦了" : "本环节没有你的提示了");
    live.text("mine-label", next ? "我的下一条" : "我的提示");
    emergency(st);
    live.text("seg-title", st.seg ? (st.index + 1) + "/" + (live.info ? live.info.segments : "") + " " + st.title : "");
    live.renderProduct(live.$("product"), st.product);
    live.renderCues(live.$("upcoming"), mine.filter((c) => !done(c) && c !== next), false, "没有了");
    const foot = [];
    if (st.next) foot.push("下一环节：" + st.next.title);
    if (st.hard) foot.push("下一个硬性开始 " + live.clockText(st.hard.clock) + " " + st.hard.title);
    live.text("foot", foot.join("  ·  "));
    tick();
  }

  function emergency(st) {
    const open = st.emergencies || [];
    const plan = open.length ? open[open.length - 1] : null;
    live.show("emergency", !!plan);
    if (!plan) return;
    live.text("em-title", "应急 · " + plan.title + (plan.severity ? "（" + plan.severity + "）" : ""));
    live.text("em-hold", plan.hold ? "口播：" + plan.hold : "");
    const list = live.$("em-steps");
    list.replaceChildren();
    const steps = plan.steps.filter((s) => s.role === role);
    for (const step of steps) list.append(live.el("li", "mine", live.verb(step.action) + "：" + step.text));
    if (!steps.length) {
      const owner = plan.steps.length ? live.roleName(plan.steps[0].role) : "";
      list.append(live.el("li", "dim", "没有你的步骤" + (owner ? "，配合" + owner : "")));
    }
  }

  function tick() {
    const st = live.state;
    const count = live.$("mine-count");
    if (next && st.state === "running") live.text(count, live.fmt(live.until(next)));
    else if (next) live.text(count, st.paused ? "暂停中" : "@" + live.fmt(next.at, true));
    else live.text(count, "—");
    live.renderCountdown(live.$("seg-count"), ["剩余 ", "超时 "]);
    live.tickCues(live.$("upcoming"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    const button = live.$("sound");
    const label = () => live.text(button, live.sound ? "提醒音：开" : "开启提醒音");
    button.addEventListener("click", function () {
      live.enableSound(!live.sound);
      label();
      if (live.sound) live.alert();
    });
    label();
  });
  live.onState(render);
  live.onTick(tick);
})();
