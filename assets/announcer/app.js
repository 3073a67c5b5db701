// The announcers' page: connects to the engine's /announcer/stream WebSocket and shows the
// next arrivals (live countdowns), the callouts and the feed's status. Messages are described
// in docs/announcer.md. No framework, no outside files; every text goes in via textContent.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const store = {
    get(key, fallback) {
      try { return window.localStorage.getItem(key) || fallback; } catch (e) { return fallback; }
    },
    set(key, value) {
      try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
    },
  };

  const kMaxCallouts = 20;
  const page = {
    arrivals: null,       // the latest "arrivals" message
    offsetMs: 0,          // engine clock minus this tablet's clock, from the arrivals' "now"
    callouts: [],         // newest first
    lang: store.get("pacecast.lang", "en"),
    selected: null,       // the bib whose details are open
    socket: null,
    retryMs: 500,
  };

  // ---- small DOM helpers --------------------------------------------------------------
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function str(v) { return v === undefined || v === null ? "" : String(v); }
  function joined(parts, sep) { return parts.map(str).filter((s) => s !== "").join(sep); }

  // ---- connection -----------------------------------------------------------------------
  function setConnection(state, text) {
    const c = $("connection");
    c.dataset.state = state;
    c.textContent = text;
  }

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    setConnection("connecting", "Connecting…");
    let ws;
    try {
      ws = new WebSocket(scheme + window.location.host + "/announcer/stream");
    } catch (e) {
      retry();
      return;
    }
    page.socket = ws;
    ws.onopen = () => {
      page.retryMs = 500;
      setConnection("live", "Live");
    };
    ws.onmessage = (event) => {
      let m;
      try { m = JSON.parse(event.data); } catch (e) { return; }
      if (!m || typeof m !== "object") return;
      if (m.type === "arrivals") onArrivals(m);
      else if (m.type === "callout") onCallout(m);
      else if (m.type === "status") onStatus(m);
    };
    ws.onclose = () => {
      if (page.socket !== ws) return;
      page.socket = null;
      retry();
    };
    ws.onerror = () => { /* onclose follows */ };
  }

  // Reconnects with a growing delay (0.5 s doubling to 10 s), shown on the banner.
  function retry() {
    const wait = page.retryMs;
    page.retryMs = Math.min(page.retryMs * 2, 10000);
    setConnection("lost", "Lost — reconnecting in " + Math.ceil(wait / 1000) + " s");
    window.setTimeout(connect, wait);
  }

  // ---- arrivals ---------------------------------------------------------------------------
  function onArrivals(m) {
    const now = Date.parse(m.now);
    if (!Number.isNaN(now)) page.offsetMs = now - Date.now();
    page.arrivals = m;
    document.body.dataset.arrivalsNow = str(m.now);
    renderArrivals();
    if (page.selected !== null) showDetails(page.selected, false);
  }

  function runnersOf(m) {
    const out = [];
    for (const g of (m && Array.isArray(m.groups)) ? m.groups : [])
      for (const r of Array.isArray(g.runners) ? g.runners : []) out.push(r);
    return out;
  }

  function renderArrivals() {
    const m = page.arrivals;
    $("mat").textContent = str(m.mat) || "finish";
    $("horizon").textContent = m.horizon_s ? "· next " + Math.round(m.horizon_s / 60) + " min" : "";
    const list = $("arrivals");
    const items = [];
    for (const g of Array.isArray(m.groups) ? m.groups : []) {
      const li = el("li", "group");
      const count = el("div", "countdown");
      count.dataset.eta = str(g.eta);
      li.appendChild(count);
      const runners = el("ol", "runners");
      for (const r of Array.isArray(g.runners) ? g.runners : []) runners.appendChild(runnerItem(r));
      li.appendChild(runners);
      items.push(li);
    }
    list.replaceChildren(...items);
    $("empty").hidden = items.length > 0;
    tick();
  }

  function runnerItem(r) {
    const li = el("li");
    const b = el("button", "runner");
    b.type = "button";
    b.dataset.bib = str(r.bib);
    const weak = r.provenance === "weak";
    if (weak) b.classList.add("weak");
    else if (r.vip) b.classList.add("vip");
    b.classList.add("prov-" + (str(r.provenance) || "official"));

    const line1 = el("div", "line1");
    line1.appendChild(el("span", "bib", r.bib));
    line1.appendChild(el("span", "name", r.name));
    if (r.pronunciation && !weak) line1.appendChild(el("span", "say", "“" + r.pronunciation + "”"));
    if (r.vip) line1.appendChild(el("span", "badge vip", "VIP"));
    if (r.provenance === "provisional" || r.provenance === "interpolated")
      line1.appendChild(el("span", "badge", r.provenance));
    b.appendChild(line1);

    const where = joined([r.country, r.city], " · ");
    const place = r.place ? "proj. #" + r.place : "";
    b.appendChild(el("div", "line2", joined([where, r.category, r.team, place], " — ")));
    if (weak)
      b.appendChild(el("div", "reason", "Doubtful data: " + (str(r.provenance_reason) || "weak read")));
    const notes = Array.isArray(r.notes) ? r.notes : [];
    if (notes.length) {
      const ul = el("ul", "notes");
      for (const n of notes) ul.appendChild(el("li", null, n));
      b.appendChild(ul);
    }
    b.addEventListener("click", () => showDetails(str(r.bib), true));
    li.appendChild(b);
    return li;
  }

  // Seconds until an ETA on the engine's clock.
  function secondsTo(iso) {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return null;
    return (t - (Date.now() + page.offsetMs)) / 1000;
  }

  function countdownText(s) {
    if (s === null) return "—";
    if (s <= 0) return "now";
    if (s < 60) return s.toFixed(1);
    const whole = Math.floor(s);
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  // 10 times a second: every countdown from its ETA and the engine's clock offset.
  function tick() {
    for (const c of document.querySelectorAll("#arrivals .countdown")) {
      const s = secondsTo(c.dataset.eta);
      const text = countdownText(s);
      if (c.firstChild && c.firstChild.nodeValue === text) continue;
      c.textContent = text;
      if (s !== null && s > 0 && s < 60) c.appendChild(el("span", "unit", " s"));
      c.classList.toggle("soon", s !== null && s < 10);
    }
  }

  // ---- details ------------------------------------------------------------------------------
  function showDetails(bib, open) {
    const r = runnersOf(page.arrivals).find((x) => str(x.bib) === bib);
    const panel = $("details");
    if (!r) {
      if (!open) { $("d-eta").textContent = "no longer expected"; }
      return;
    }
    page.selected = bib;
    $("d-bib").textContent = str(r.bib);
    $("d-name").textContent = str(r.name);
    $("d-pronunciation").textContent = r.pronunciation ? "Say: “" + r.pronunciation + "”" : "";
    $("d-from").textContent = joined([r.city, r.country], ", ") || "—";
    $("d-contest").textContent = joined([r.contest, r.leg ? "leg " + r.leg : ""], ", ") || "—";
    $("d-category").textContent = str(r.category) || "—";
    $("d-team").textContent = str(r.team) || "—";
    const s = secondsTo(r.eta);
    $("d-eta").textContent = s === null ? "—" : (s <= 0 ? "due now" : "in " + countdownText(s) + (s < 60 ? " s" : ""));
    $("d-projected").textContent = joined([
      r.predicted ? "finish " + r.predicted : "",
      r.place ? "place " + r.place : "",
      r.gender_place ? "gender place " + r.gender_place : "",
    ], " · ") || "—";
    $("d-provenance").textContent = joined([r.provenance || "official", r.provenance_reason], ": ");
    const notes = $("d-notes");
    notes.replaceChildren(...(Array.isArray(r.notes) ? r.notes : []).map((n) => el("li", null, n)));
    if (open) panel.hidden = false;
  }

  function hideDetails() {
    page.selected = null;
    $("details").hidden = true;
  }

  // ---- callouts -----------------------------------------------------------------------------
  function onCallout(m) {
    if (m.id !== undefined && page.callouts.some((c) => c.id === m.id)) return;  // sent again on reconnect
    page.callouts.unshift(m);
    page.callouts.sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0));
    page.callouts.length = Math.min(page.callouts.length, kMaxCallouts);
    renderCallouts();
  }

  function calloutText(m) {
    const t = m.text;
    if (typeof t === "string") return t;
    if (!t || typeof t !== "object") return "";
    return str(t[page.lang]) || str(t.en) || str(Object.values(t)[0]);
  }

  function clockOf(iso) {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return "";
    return new Date(t).toTimeString().slice(0, 8);
  }

  function renderCallouts() {
    const items = page.callouts.map((m) => {
      const p = Math.min(3, Math.max(1, Number(m.priority) || 3));
      const li = el("li", "callout p" + p);
      li.dataset.id = str(m.id);
      li.dataset.kind = str(m.kind);
      li.appendChild(el("div", "at", joined([clockOf(m.at), m.kind], " · ")));
      li.appendChild(el("div", "text", calloutText(m)));
      return li;
    });
    $("callouts").replaceChildren(...items);
  }

  // ---- status ---------------------------------------------------------------------------------
  function onStatus(m) {
    const f = $("feed");
    const feed = str(m.feed) || "unknown";
    f.dataset.feed = feed;
    const lag = typeof m.lag_s === "number" ? " · " + m.lag_s.toFixed(1) + " s behind" : "";
    f.textContent = "Feed: " + feed + lag;
    if (m.race_time) $("race-time").textContent = str(m.race_time);
  }

  // ---- settings -------------------------------------------------------------------------------
  function setLang(lang) {
    page.lang = lang;
    store.set("pacecast.lang", lang);
    document.documentElement.lang = lang;
    for (const b of document.querySelectorAll(".langs button"))
      b.classList.toggle("on", b.dataset.lang === lang);
    renderCallouts();
  }

  function setTheme(theme) {
    document.documentElement.dataset.theme = theme;
    store.set("pacecast.theme", theme);
    const t = $("theme");
    t.textContent = theme === "dark" ? "Light" : "Dark";
    t.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
  }

  function init() {
    for (const b of document.querySelectorAll(".langs button"))
      b.addEventListener("click", () => setLang(b.dataset.lang));
    $("theme").addEventListener("click", () =>
      setTheme(document.documentElement.dataset.theme === "dark" ? "light" : "dark"));
    $("details-close").addEventListener("click", hideDetails);
    $("details").addEventListener("click", (e) => { if (e.target === $("details")) hideDetails(); });
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") hideDetails(); });
    setLang(page.lang);
    setTheme(store.get("pacecast.theme", "light"));
    window.setInterval(tick, 100);
    connect();
  }

  init();
})();
