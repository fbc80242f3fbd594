/* 提词器 for the 主播: the current 话术 very large, the next one smaller, the segment's countdown;
 * mirror mode (for teleprompter glass) and font size are kept on the device; the 场控's short
 * messages flash over everything. While an emergency plan with a hold line is open, that line is
 * the current 话术. */
"use strict";
(function () {
  const live = window.livesop;
  const FLASH_MS = 8000; // how long a message stays up
  const TOOLS_IDLE_MS = 4000;
  let scale = live.store.get("prompter.scale", 1);
  let mirror = live.store.get("prompter.mirror", false);
  let seenMessage = null;
  let flashUntil = 0;
  let next = null;
  let toolsTimer = null;

  const done = (c) => c.status === "done" || c.status === "acked";

  function holdLine(st) {
    const open = (st.emergencies || []).filter((e) => e.hold);
    return open.length ? open[open.length - 1] : null;
  }

  function render(st) {
    const segments = live.info ? live.info.segments : 0;
    live.text("seg", st.seg ? (st.index + 1) + "/" + segments + " " + st.title : live.statusText());
    const says = (st.cues || []).filter((c) => c.action === "say");
    const fired = says.filter(done);
    const current = fired.length ? fired[fired.length - 1] : null;
    next = says.find((c) => !done(c)) || null;
    const emergency = holdLine(st);
    const label = live.$("label");
    const text = live.$("current");
    label.classList.toggle("hold", !!emergency);
    text.classList.toggle("hold", !!emergency);
    if (emergency) {
      live.text(label, "应急话术 · " + emergency.title);
      live.text(text, emergency.hold);
    } else if (current) {
      live.text(label, live.roleName(current.role) + " 说");
      live.text(text, st.said && st.said.key === current.key ? st.said.text : current.text);
    } else {
      live.text(label, "");
      live.text(text, next ? "" : st.state === "finished" ? "直播已结束，辛苦了" : "本环节没有话术");
    }
    live.show("next-box", !!next);
    if (next) live.text("next", next.text);
    tick();
    fit();
    message(st.msg);
  }

  /* Shrink the text until it fits the screen (never below 40 %). */
  function fit() {
    const main = live.$("main");
    let factor = 1;
    document.body.style.setProperty("--fit", factor);
    while (main.scrollHeight > main.clientHeight + 2 && factor > 0.4) {
      factor -= 0.06;
      document.body.style.setProperty("--fit", factor.toFixed(2));
    }
  }

  function message(msg) {
    if (!msg || msg.id === seenMessage) return;
    seenMessage = msg.id;
    const speed = (live.info && live.info.speed) || 1;
    const age = (live.now() - msg.t) / speed;
    if (age > FLASH_MS) return; // an old message, heard on (re)connecting
    live.text("flash-text", msg.text);
    live.text("flash-from", "来自 " + String(msg.from || "").split("@")[0]);
    const flash = live.$("flash");
    flash.hidden = false;
    flash.classList.remove("blink");
    void flash.offsetWidth; // restart the animation
    flash.classList.add("blink");
    flashUntil = performance.now() + FLASH_MS - Math.max(0, age);
    live.alert();
  }

  function tick() {
    const st = live.state;
    live.renderCountdown(live.$("count"));
    if (next) {
      const prefix = "下一句 · " + live.roleName(next.role) + " 说";
      live.text("next-label", st.state === "running" ? prefix + " · 还有 " + live.fmt(live.until(next)) : prefix);
    }
    if (flashUntil && performance.now() > flashUntil) {
      flashUntil = 0;
      live.$("flash").hidden = true;
    }
  }

  function applySettings() {
    document.body.style.setProperty("--scale", scale.toFixed(2));
    live.$("stage").classList.toggle("mirror", mirror);
    live.$("mirror").classList.toggle("on", mirror);
    live.store.set("prompter.scale", scale);
    live.store.set("prompter.mirror", mirror);
    fit();
  }

  function wake() {
    const tools = live.$("tools");
    tools.classList.remove("idle");
    clearTimeout(toolsTimer);
    toolsTimer = setTimeout(() => tools.classList.add("idle"), TOOLS_IDLE_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    live.$("mirror").addEventListener("click", () => { mirror = !mirror; applySettings(); });
    live.$("smaller").addEventListener("click", () => { scale = Math.max(0.5, scale - 0.1); applySettings(); });
    live.$("larger").addEventListener("click", () => { scale = Math.min(2.5, scale + 0.1); applySettings(); });
    live.$("full").addEventListener("click", function () {
      live.enableSound(true); // a tap: the message beep may play from now on
      const root = document.documentElement;
      if (document.fullscreenElement) document.exitFullscreen();
      else if (root.requestFullscreen) root.requestFullscreen().catch(() => {});
    });
    live.$("flash").addEventListener("click", () => { flashUntil = 0; live.$("flash").hidden = true; });
    document.addEventListener("pointerdown", wake);
    window.addEventListener("resize", fit);
    applySettings();
    wake();
  });
  live.onState(render);
  live.onTick(tick);
})();
