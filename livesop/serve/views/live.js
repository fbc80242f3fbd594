/* livesop live views: the socket to the show, the server's clock, reconnection, and shared helpers.
 *
 * The engine on the server is the only clock. Each page measures its offset to it NTP-style:
 * a ping carries performance.now(), the pong returns it with the server's show time; the sample
 * with the shortest round trip among the last few gives the mapping, so countdowns run locally
 * between pushes and agree across devices. A page that hears nothing for 2.5 s says so at once
 * (the server pushes at least once a second) and reconnects by itself, with back-off.
 * Texts go into the page with textContent only.
 */
"use strict";
(function () {
  const token = new URLSearchParams(location.search).get("k") || "";
  const SAMPLES = 8; // clock samples kept
  const SILENCE_MS = 2500; // no message for this long: the connection is taken as lost
  const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 5000];
  const DAY_MS = 86400000;

  const live = {
    view: document.body.dataset.view,
    token: token,
    state: {},
    info: null,
    access: null,
    device: "",
    connected: false,
    ended: "",
    rtt: null,
    samples: [],
    base: null, // {c: performance.now(), s: server show ms} the clock mapping
    seq: 0,
    attempts: 0,
    received: [], // the last state messages: {seq, at: Date.now()} (for tests and the bench)
  };
  window.livesop = live;
  const stateHandlers = [];
  const tickHandlers = [];
  const pending = new Map();
  let ws = null;
  let lastHeard = 0;
  let retryTimer = null;
  let everConnected = false;
  let actId = 0;

  // ---------------------------------------------------------------- helpers

  live.$ = (id) => document.getElementById(id);
  live.text = function (id, value) {
    const el = typeof id === "string" ? live.$(id) : id;
    const text = value == null ? "" : String(value);
    if (el && el.textContent !== text) el.textContent = text;
  };
  live.show = function (id, shown) {
    const el = typeof id === "string" ? live.$(id) : id;
    if (el) el.hidden = !shown;
  };
  live.el = function (tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text != null) el.textContent = text;
    return el;
  };
  live.store = {
    get(key, fallback) {
      try {
        const value = localStorage.getItem("livesop." + key);
        return value == null ? fallback : JSON.parse(value);
      } catch (e) {
        return fallback;
      }
    },
    set(key, value) {
      try {
        localStorage.setItem("livesop." + key, JSON.stringify(value));
      } catch (e) {
        /* private mode: the setting lasts for this page only */
      }
    },
  };

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }
  /* A duration as m:ss or h:mm:ss; whole seconds rounded up (a countdown shows 00:01 until it is 0). */
  live.fmt = function (ms, roundDown) {
    const total = Math.max(0, roundDown ? Math.floor(ms / 1000) : Math.ceil(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    return h ? h + ":" + pad(m) + ":" + pad(s) : pad(m) + ":" + pad(s);
  };
  /* A clock time of day (ms after midnight) as HH:MM or HH:MM:SS. */
  live.clockText = function (ms, seconds) {
    if (ms == null) return "--:--";
    const day = ((Math.floor(ms / 1000) % 86400) + 86400) % 86400;
    const text = pad(Math.floor(day / 3600)) + ":" + pad(Math.floor((day % 3600) / 60));
    return seconds ? text + ":" + pad(day % 60) : text;
  };
  /* How late or early the show runs, in words. */
  live.behindText = function (ms) {
    if (ms == null) return "";
    if (Math.abs(ms) < 30000) return "准时";
    return (ms > 0 ? "晚 " : "早 ") + live.fmt(Math.abs(ms), true);
  };
  live.roleName = function (role) {
    return (live.info && live.info.roles && live.info.roles[role]) || role || "";
  };
  live.verb = (action) => (action === "say" ? "说" : "做");
  live.price = function (value) {
    if (value == null) return "";
    return "¥" + (Number.isInteger(value) ? value : value.toFixed(2));
  };

  /* The product card of a segment: link, live price, list price, stock, mechanism, name. */
  live.renderProduct = function (el, p) {
    el.replaceChildren();
    if (!p) {
      el.append(live.el("span", "dim", "本环节没有商品"));
      return;
    }
    if (p.link != null) el.append(live.el("span", "link", p.link + "号链接"));
    if (p.price != null) el.append(live.el("span", "price num", live.price(p.price)));
    if (p.list_price != null) el.append(live.el("span", "list", "日常 " + live.price(p.list_price)));
    if (p.stock != null) el.append(live.el("span", "", "库存 " + p.stock));
    if (p.mechanism) el.append(live.el("span", "warn", p.mechanism));
    el.append(live.el("span", "name", p.name || ""));
  };
  /* A list of cues (each line: when, who, what); ``tickCues`` keeps their countdowns moving. */
  live.renderCues = function (ul, cues, withRole, empty) {
    ul.replaceChildren();
    for (const cue of cues) {
      const li = live.el("li", cue.status);
      li.dataset.key = cue.key;
      li.cue = cue;
      li.append(live.el("span", "when num"));
      if (withRole) li.append(live.el("span", "who", live.roleName(cue.role) + " " + live.verb(cue.action)));
      else li.append(live.el("span", "who", live.verb(cue.action)));
      li.append(live.el("span", "what", cue.text));
      ul.append(li);
    }
    if (!cues.length && empty) ul.append(live.el("li", "dim", empty));
    live.tickCues(ul);
  };
  live.tickCues = function (ul) {
    const ticking = live.state.state === "running";
    for (const li of ul.children) {
      const cue = li.cue;
      if (!cue) continue;
      let when;
      if (cue.status === "done" || cue.status === "acked") when = cue.status === "acked" ? "✓✓" : "✓";
      else when = ticking ? live.fmt(live.until(cue)) : "@" + live.fmt(cue.at, true);
      live.text(li.firstChild, when);
    }
  };
  /* The segment's countdown into ``el``: "+m:ss" in overtime (class over), amber from its warn time
   * (class warn), nothing when no segment runs; ``labels`` [before, in overtime] go in front. */
  live.renderCountdown = function (el, labels) {
    const st = live.state;
    if (st.state !== "running" && st.state !== "waiting") {
      live.text(el, "");
      return;
    }
    const left = live.remaining();
    const over = left < 0;
    live.text(el, (labels ? labels[over ? 1 : 0] : "") + (over ? "+" : "") + live.fmt(Math.abs(left), over));
    el.classList.toggle("over", over);
    el.classList.toggle("warn", !over && !!st.warn);
  };
  /* The state badge: 直播中, 已暂停, 超时... with its colour. */
  live.renderStatus = function (el) {
    const st = live.state;
    live.text(el, live.statusText());
    el.className = "badge " + (st.state === "finished" || st.overtime ? "over" : st.paused ? "paused" :
      st.state === "waiting" ? "waiting" : st.state === "running" ? "live" : "");
  };

  // ---------------------------------------------------------------- the server's clock

  /* The server's show time now (ms), from the best clock sample. */
  live.now = function () {
    const base = live.base;
    if (!base) return live.state.t || 0;
    const speed = (live.info && live.info.speed) || 1;
    return base.s + (performance.now() - base.c) * speed;
  };
  function sample(sentAt, serverMs) {
    const now = performance.now();
    const rtt = now - sentAt;
    live.samples.push({ c: sentAt + rtt / 2, s: serverMs, rtt: rtt });
    if (live.samples.length > SAMPLES) live.samples.shift();
    let best = live.samples[0];
    for (const s of live.samples) if (s.rtt <= best.rtt) best = s;
    live.base = best;
    live.rtt = best.rtt;
  }
  function ping() {
    if (ws && ws.readyState === WebSocket.OPEN) send({ type: "ping", c: performance.now() });
  }
  const running = () => live.state.state === "running" && !live.state.paused;
  /* The current segment's running time now (frozen while paused). */
  live.elapsed = function () {
    const st = live.state;
    return running() ? st.elapsed + (live.now() - st.t) : st.elapsed || 0;
  };
  /* The segment's time left now (negative in overtime); while waiting, the time to the hard start. */
  live.remaining = function () {
    const st = live.state;
    if (st.state === "waiting") return Math.max(0, st.waiting - (st.paused ? 0 : live.now() - st.t));
    if (st.state !== "running") return st.remaining || 0;
    return st.planned + st.added - live.elapsed();
  };
  /* The wall clock of the show (ms after midnight), moving even while paused. */
  live.clock = function () {
    const st = live.state;
    if (st.clock == null) return null;
    return (((st.clock + (live.now() - st.t)) % DAY_MS) + DAY_MS) % DAY_MS;
  };
  /* How late (+) or early (-) the show runs now: it grows while paused or in overtime. */
  live.behind = function () {
    const st = live.state;
    if (st.behind == null || st.state !== "running") return st.behind;
    const dt = live.now() - st.t;
    if (st.paused) return st.behind + dt;
    return st.behind + dt + Math.max(st.remaining - dt, 0) - Math.max(st.remaining, 0);
  };
  /* The countdown to a cue of the current segment (ms), frozen while paused. */
  live.until = (cue) => cue.at - live.elapsed();
  live.statusText = function () {
    const st = live.state;
    if (st.state === "finished") return "直播已结束";
    if (st.state === "stopped") return "已停止";
    if (st.state === "ready") return "未开播";
    if (st.paused) return "已暂停";
    if (st.state === "waiting") return "等待硬性开始";
    if (st.overtime) return "超时";
    return "直播中";
  };

  // ---------------------------------------------------------------- the socket

  function send(message) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }
  live.deviceName = function () {
    let name = live.store.get("device", "");
    if (!name) {
      name = live.view + "-" + Math.random().toString(16).slice(2, 6);
      live.store.set("device", name);
    }
    return name;
  };
  function connect() {
    clearTimeout(retryTimer);
    if (live.ended) return;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const url = scheme + location.host + "/ws?k=" + encodeURIComponent(token) +
      "&v=" + encodeURIComponent(live.view) + "&d=" + encodeURIComponent(live.deviceName());
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = function () {
      if (ws !== socket) return;
      lastHeard = performance.now();
      live.samples = [];
      for (let i = 0; i < 5; i++) setTimeout(ping, i * 120);
    };
    socket.onmessage = function (event) {
      if (ws !== socket) return;
      lastHeard = performance.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      receive(message);
    };
    socket.onclose = function () {
      if (ws === socket) lost();
    };
    socket.onerror = function () {
      /* onclose follows */
    };
  }
  function lost() {
    const socket = ws;
    ws = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close();
      } catch (e) {
        /* already closed */
      }
    }
    live.connected = false;
    for (const [id, entry] of pending) {
      entry.resolve({ ok: false, note: "连接已断开，操作未确认" });
      pending.delete(id);
    }
    banner();
    if (live.ended) return;
    const step = BACKOFF_MS[Math.min(live.attempts, BACKOFF_MS.length - 1)];
    live.attempts += 1;
    retryTimer = setTimeout(connect, step * (0.8 + Math.random() * 0.4));
  }
  function receive(message) {
    switch (message.type) {
      case "hello":
        live.info = message.info;
        live.access = message.access;
        live.device = message.device;
        live.presets = message.presets || [];
        break;
      case "state":
        if (!message.full && message.seq !== live.seq + 1) {
          lost(); // a message went missing: start again from the full state
          return;
        }
        live.seq = message.seq;
        if (message.full) live.state = message.d;
        else Object.assign(live.state, message.d);
        if (!live.base && live.state.t != null) live.base = { c: performance.now(), s: live.state.t };
        live.received.push({ seq: message.seq, at: Date.now() });
        if (live.received.length > 200) live.received.shift();
        if (!live.connected) {
          live.connected = everConnected = true;
          live.attempts = 0;
          banner();
        }
        for (const fn of stateHandlers) fn(live.state, message.full ? null : message.d);
        break;
      case "pong":
        sample(message.c, message.s);
        break;
      case "result": {
        const entry = pending.get(message.id);
        if (entry) {
          pending.delete(message.id);
          entry.resolve(message);
        }
        break;
      }
      case "bye":
        live.ended = message.reason || "end";
        lost();
        break;
    }
  }
  function banner() {
    const el = live.$("banner");
    if (!el) return;
    document.body.classList.toggle("offline", !live.connected);
    if (live.connected) {
      el.hidden = true;
      return;
    }
    let text;
    if (live.ended === "end") text = "直播已结束";
    else if (live.ended) text = "服务已停止 · 连接已断开";
    else if (!everConnected) text = live.attempts > 3 ? "连接不上 · 正在重试…（链接可能已失效，请重新扫码）" : "正在连接…";
    else {
      text = "连接已断开 · 正在重连…";
      if (live.attempts > 1) text += "（第 " + live.attempts + " 次）";
      if (live.attempts > 8) text += " 链接可能已失效，请重新扫码";
    }
    el.textContent = text;
    el.hidden = false;
  }

  /* Send an act to the engine (control token only); resolves with {ok, note}. */
  live.act = function (op, args) {
    return new Promise(function (resolve) {
      const id = ++actId;
      if (!send({ type: "act", id: id, op: op, args: args || null })) {
        resolve({ ok: false, note: "连接已断开，操作未发送" });
        return;
      }
      pending.set(id, { resolve: resolve });
      setTimeout(function () {
        if (pending.has(id)) {
          pending.delete(id);
          resolve({ ok: false, note: "没有回应，请确认操作是否生效" });
        }
      }, 5000);
    });
  };
  live.onState = (fn) => stateHandlers.push(fn);
  live.onTick = (fn) => tickHandlers.push(fn);

  // ---------------------------------------------------------------- alerts

  let audio = null;
  live.sound = live.store.get("sound", false);
  /* Turn the cue sound on (needs a tap: browsers start audio only after one). */
  live.enableSound = function (on) {
    live.sound = on;
    live.store.set("sound", on);
    if (on && !audio && (window.AudioContext || window.webkitAudioContext)) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    }
    if (audio && audio.state === "suspended") audio.resume();
  };
  /* A short vibration and beep, where the browser allows them. */
  live.alert = function () {
    const tapped = !navigator.userActivation || navigator.userActivation.hasBeenActive;
    if (navigator.vibrate && tapped) { // browsers allow it only after a first tap on the page
      try {
        navigator.vibrate([180, 80, 180]);
      } catch (e) {
        /* not allowed here */
      }
    }
    if (!live.sound || !audio) return;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.25, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.35);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.35);
  };
  /* Keys of the cues that have fired since the last state (new ones only, never on the first state). */
  let fired = null;
  live.newlyFired = function (st) {
    const now = new Set((st.cues || []).filter((c) => c.status === "done" || c.status === "acked").map((c) => c.key));
    const fresh = fired === null ? [] : (st.cues || []).filter((c) => now.has(c.key) && !fired.has(c.key));
    fired = now;
    return fresh;
  };

  // ---------------------------------------------------------------- start

  setInterval(function () {
    if (live.connected && performance.now() - lastHeard > SILENCE_MS) lost();
    for (const fn of tickHandlers) fn();
  }, 100);
  setInterval(ping, 2000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !live.connected && !live.ended) {
      live.attempts = 0;
      connect();
    }
  });
  document.addEventListener("pointerdown", function () {
    if (live.sound) live.enableSound(true); // sound was on last time: a first tap starts it again
  }, { once: true });
  document.addEventListener("DOMContentLoaded", function () {
    banner();
    connect();
  });
})();
