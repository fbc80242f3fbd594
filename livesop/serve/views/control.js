/* 控场 for the 场控: next, back, ±1 minute, pause, acknowledge, open / handled / close an emergency,
 * and short messages to the prompter. Every act goes to the engine over the socket (control token
 * only); the server logs it with this device's name before anyone sees the change, and answers
 * whether the engine did it. */
"use strict";
(function () {
  const live = window.livesop;
  let toastTimer = null;
  let plansShown = false;
  let presetsShown = false;
  let openPlan = null;

  function toast(text, bad) {
    const el = live.$("toast");
    live.text(el, text);
    el.classList.toggle("bad", !!bad);
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { el.hidden = true; }, bad ? 4000 : 2000);
  }

  function act(op, args, label, button) {
    if (button) button.disabled = true;
    return live.act(op, args).then(function (result) {
      if (button) button.disabled = false;
      toast(result.ok ? label + " ✓" : result.note || "没有生效", !result.ok);
      return result;
    });
  }

  function render(st) {
    const info = live.info || { title: "", plans: [] };
    live.text("title", "控场 · " + info.title);
    live.renderStatus(live.$("status"));
    live.text("seg-title", st.seg ? (st.index + 1) + "/" + info.segments + " " + st.title : live.statusText());
    live.text("pause", st.paused ? "继续" : "暂停");
    live.show("log-alarm", !!st.log);
    live.text("log-alarm", st.log ? "直播记录写入失败：" + st.log : "");
    if (!presetsShown && live.presets) {
      presetsShown = true;
      const box = live.$("presets");
      for (const text of live.presets) {
        const button = live.el("button", "", text);
        button.type = "button";
        button.addEventListener("click", () => act("message", { text: text }, "已发送：" + text, button));
        box.append(button);
      }
    }
    if (!plansShown) {
      plansShown = true;
      const select = live.$("plan");
      for (const plan of info.plans || []) {
        const option = live.el("option", "", plan.title + (plan.severity ? "（" + plan.severity + "）" : ""));
        option.value = plan.id;
        select.append(option);
      }
      if (!(info.plans || []).length) {
        select.append(live.el("option", "", "本场没有应急预案"));
        select.disabled = live.$("open").disabled = true;
      }
    }
    const open = st.emergencies || [];
    openPlan = open.length ? open[open.length - 1] : null;
    live.show("em-open", !!openPlan);
    if (openPlan) live.text("em-title", "进行中：" + openPlan.title);
    if (openPlan) live.$("respond").disabled = openPlan.responded != null;
    live.renderCues(live.$("cues"), st.cues || [], true, "本环节没有提示");
    renderComments(st.comments, info);
    tick();
  }

  // The 弹幕 watch (run --comments, or comments pushed to POST /comments): the alert raised, the counts.
  const LEVELS = ["", "一级", "二级", "三级", "四级", "五级"];
  function renderComments(cm, info) {
    live.show("cm-card", !!cm);
    if (!cm) return;
    const span = cm.window % 60000 === 0 ? (cm.window / 60000) + " 分钟" : Math.round(cm.window / 1000) + " 秒";
    const alert = cm.alert;
    live.show("cm-alert", !!alert);
    if (alert) {
      const el = live.$("cm-alert");
      const plan = alert.plan ? (info.plans || []).find((p) => p.id === alert.plan) : null;
      let text = "⚑ " + (LEVELS[alert.level] || alert.level + "级") + "预警：最近 " + span + " 负面弹幕 " + cm.negative + " 条";
      if (alert.role) text += " · " + ((info.roles || {})[alert.role] || alert.role);
      if (alert.do) text += (alert.role ? "：" : " · ") + alert.do;
      if (alert.plan) text += " · 建议启动预案：" + (plan ? plan.title : alert.plan);
      live.text(el, text);
      el.classList.toggle("warn", alert.level === 1);
      el.classList.toggle("bad", alert.level > 1);
    }
    live.text("cm-counts", "最近 " + span + "：负面 " + cm.negative + " 条 · 引流 " + cm.diversion + " 条 · 本场已读 " +
      cm.read + " 条" + (cm.malformed ? " · 格式错误已跳过 " + cm.malformed + " 行" : ""));
    const last = cm.last;
    live.text("cm-last", last ? "最新标记：" + (last.user ? last.user + "：" : "") + last.text : "");
  }

  function timer(label, spent, target) {
    const over = target != null && spent > target;
    return label + " " + live.fmt(spent, true) + (target != null ? " / " + live.fmt(target, true) : "") +
      (over ? " 超时" : "");
  }

  function tick() {
    const st = live.state;
    live.renderCountdown(live.$("count"));
    const info = [];
    if (st.state === "running") {
      info.push("已用 " + live.fmt(live.elapsed(), true) + " / " + live.fmt(st.planned + st.added, true));
    }
    if (st.added) info.push((st.added > 0 ? "加时 " : "减时 ") + live.fmt(Math.abs(st.added), true));
    info.push("整体" + live.behindText(live.behind()));
    if (st.next) info.push("下一环节：" + st.next.title);
    live.text("seg-info", info.join(" · "));
    if (openPlan) {
      const now = live.now();
      const response = openPlan.responded != null ? openPlan.responded - openPlan.opened : now - openPlan.opened;
      live.text("em-timers", timer(openPlan.responded != null ? "响应用时" : "响应", response, openPlan.respond_within) +
        "  ·  " + timer("恢复", now - openPlan.opened, openPlan.recover_within));
    }
    live.tickCues(live.$("cues"));
    live.text("sync", "设备 " + (live.device || "") + (live.rtt != null ? " · 往返 " + Math.round(live.rtt) + " ms" : ""));
  }

  document.addEventListener("DOMContentLoaded", function () {
    for (const button of document.querySelectorAll("button[data-op]")) {
      button.addEventListener("click", function () {
        const minutes = button.dataset.minutes;
        let args = minutes ? { minutes: Number(minutes) } : null;
        if (button.dataset.op.startsWith("emergency-") && openPlan) args = { plan: openPlan.id };
        act(button.dataset.op, args, button.textContent, button);
      });
    }
    const pause = live.$("pause");
    pause.addEventListener("click", () => act(live.state.paused ? "resume" : "pause", null, pause.textContent, pause));
    const open = live.$("open");
    open.addEventListener("click", () => act("emergency-open", { plan: live.$("plan").value }, "已开启应急", open));
    const send = live.$("send");
    const input = live.$("message");
    function sendMessage() {
      const text = input.value.trim();
      if (!text) return;
      act("message", { text: text }, "已发送：" + text, send).then((r) => { if (r.ok) input.value = ""; });
    }
    send.addEventListener("click", sendMessage);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") sendMessage(); });
    const device = live.$("device");
    device.value = live.deviceName();
    live.$("rename").addEventListener("click", function () {
      const name = device.value.trim().slice(0, 24);
      if (!name) return;
      live.store.set("device", name);
      location.reload(); // the socket names its device when it connects
    });
  });
  live.onState(render);
  live.onTick(tick);
})();
