// The dashboard page: follows /events (server-sent events) and draws the app UI, the device,
// the apps and the channels; every write is a JSON POST to /api/<action>.
(() => {
"use strict";

const { h, morphChildren, renderApps } = window.dooverElements;
const config = JSON.parse(document.getElementById("config").textContent);
const $ = (id) => document.getElementById(id);

const state = { ui_state: null, ui_cmds: {}, tag_values: {}, alerts: [], cameras: null, uiPending: false, renders: 0 };
const view = { collapsed: new Set(), tabs: new Map() };

// -- writes ----------------------------------------------------------------------------------

async function post(action, body) {
  let response = await fetch(`/api/${action}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  let answer = await response.json().catch(() => ({}));
  if (response.status === 409 && answer.confirm) {
    if (!window.confirm(answer.confirm)) return toast("not sent");
    response = await fetch(`/api/${action}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ...body, confirmed: true }) });
    answer = await response.json().catch(() => ({}));
  }
  if (!response.ok) toast(answer.error || `failed (${response.status})`, true);
  return response.ok ? answer : null;
}

function toast(text, bad) {
  const node = $("toast");
  node.textContent = text;
  node.className = bad ? "show bad" : "show";
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (node.className = ""), 4000);
}

// -- the live stream -------------------------------------------------------------------------

function setPill(node, text, live) {
  node.textContent = text;
  node.dataset.state = live ? "live" : "disconnected";
}

function connect() {
  const source = new EventSource("/events");
  source.onopen = () => setPill($("status-page"), "page: live", true);
  source.onerror = () => setPill($("status-page"), "page: disconnected, reconnecting ...", false);
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    (TOPICS[event.topic] || (() => {}))(event.data);
  };
}

const TOPICS = {
  status: (data) => {
    for (const [bridge, live] of Object.entries(data.bridges)) {
      const pill = document.querySelector(`.pill[data-bridge="${bridge}"]`);
      if (pill) setPill(pill, `${pill.dataset.bridge === "dda" ? "DDA" : bridge[0].toUpperCase() + bridge.slice(1)}: ${live ? "live" : "disconnected"}`, live);
    }
    if (data.bridge === "camera") state.cameraDetail = data.detail;
    if ("camera" in data.bridges) drawCameraStatus(data.bridges.camera, state.cameraDetail);
  },
  cameras: (data) => { state.cameras = data; drawCameras(); drawUi(); },
  ui_state: (data) => { state.ui_state = data; drawUi(); },
  ui_cmds: (data) => { state.ui_cmds = (data && data.cmds) || data || {}; drawUi(); },
  tag_values: (data) => { state.tag_values = data || {}; drawUi(); },
  alerts: (data) => { state.alerts = data; drawUi(); },
  io: drawDevice,
  apps: drawApps,
  logs: (lines) => { logLines.length = 0; $("logs").textContent = ""; lines.forEach(addLog); },
  log: addLog,
};

// -- app UI ----------------------------------------------------------------------------------

function drawUi() {
  const panel = $("ui-apps");
  if (panel.contains(document.activeElement) && document.activeElement.matches("input, textarea, select")) {
    state.uiPending = true; // do not redraw under someone's typing; redraw when they leave the field
    return;
  }
  state.uiPending = false;
  const ctx = { cmds: state.ui_cmds, tags: state.tag_values, alerts: state.alerts, collapsed: view.collapsed, tabs: view.tabs,
    send: (name, value) => post("ui-command", { name, value }), redraw: drawUi };
  morphChildren(panel, renderApps(state.ui_state, ctx));
  state.renders += 1;
  if (!state.firstRenderMs && state.ui_state) state.firstRenderMs = performance.now(); // see bench/dashboard_latency.py
}

document.addEventListener("focusout", () => setTimeout(() => state.uiPending && drawUi(), 0));

const plotCache = new Map();

// Draw a multiplot's series (variables of the app) from ui_state's history into its live node.
async function plotSeries(key, appKey, series) {
  await null; // after the redraw that made the node has put it in the page
  const names = Array.isArray(series) ? series : Object.keys(series || {});
  const cached = plotCache.get(appKey);
  let points = cached && Date.now() - cached.at < 10000 ? cached.points : null;
  if (!points) {
    const response = await fetch("/api/history/ui_state");
    points = response.ok ? await response.json() : [];
    plotCache.set(appKey, { at: Date.now(), points });
  }
  const lines = names.map((name) => ({ name, values: points.map((p) => [Date.parse(p.t), findValue(p.data, appKey, name)]).filter(([, v]) => typeof v === "number") }));
  document.querySelectorAll(`[data-plot="${CSS.escape(key)}"]`).forEach((node) => node.replaceChildren(drawPlot(lines)));
}

function findValue(data, appKey, name) {
  const walk = (node) => {
    if (!node || typeof node !== "object") return undefined;
    if (node.children && name in node.children && node.children[name] && "currentValue" in node.children[name]) return node.children[name].currentValue;
    for (const child of Object.values(node.children || {})) {
      const found = walk(child);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(data && data.state && data.state.children && data.state.children[appKey]);
}

function drawPlot(lines) {
  const all = lines.flatMap((l) => l.values);
  if (!all.length) return h("span", { class: "muted" }, "no history yet");
  const [t0, t1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [v0, v1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const x = (t) => ((t - t0) / (t1 - t0 || 1)) * 300;
  const y = (v) => 100 - ((v - v0) / (v1 - v0 || 1)) * 100;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 -5 300 110");
  svg.setAttribute("class", "plot-svg");
  lines.forEach((line, i) => {
    const path = document.createElementNS(ns, "polyline");
    path.setAttribute("points", line.values.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" "));
    path.setAttribute("class", `series s${i % 6}`);
    svg.append(path);
  });
  return h("div", {}, svg, h("span", { class: "muted" }, lines.map((l) => l.name).join(", "), ` (${v0}–${v1})`));
}

// -- device ----------------------------------------------------------------------------------

function drawDevice(io) {
  const simulated = io.simulated;
  const local = config.targets.platform.local;
  const rows = io.pins.map((pin) => {
    const id = `${pin.io_type}${pin.pin}`;
    const analog = pin.io_type === "ai" || pin.io_type === "ao";
    const value = analog ? `${pin.value.toFixed(3)}${pin.units ? ` ${pin.units}` : ""}` : pin.value ? "on" : "off";
    return h("tr", { "data-pin": id, "data-forced": pin.forced ? "yes" : null },
      h("th", {}, `${pin.io_type.toUpperCase()} ${pin.pin}`),
      h("td", { class: "pin-name" }, pin.name || ""),
      h("td", { class: "pin-value" }, value, pin.forced ? h("span", { class: "forced" }, " forced") : null),
      h("td", { class: "pin-controls" }, controls(pin, analog, simulated && local)));
  });
  morphChildren($("io"), [h("table", { class: "io" }, h("tbody", {}, rows))]);
  const s = io.system;
  const where = s.location ? `${s.location.latitude.toFixed(4)}, ${s.location.longitude.toFixed(4)}` : "–";
  $("system").replaceChildren(h("p", { class: "system" },
    `Supply ${s.voltage == null ? "–" : s.voltage.toFixed(1)} V · ${s.temperature == null ? "–" : s.temperature.toFixed(1)} °C · location ${where}`));
}

function controls(pin, analog, canForce) {
  const target = { io_type: pin.io_type, pin: pin.pin };
  if (pin.io_type === "do") return h("button", { type: "button", onclick: () => post("set-output", { ...target, value: !pin.value }) }, pin.value ? "Turn off" : "Turn on");
  if (pin.io_type === "ao") return numberForm(pin, (value) => post("set-output", { ...target, value }), "Set");
  if (!canForce) return null;
  const release = h("button", { type: "button", onclick: () => post("release", target) }, "Release");
  if (!analog) {
    return [h("button", { type: "button", onclick: () => post("force", { ...target, value: true }) }, "Force on"),
      h("button", { type: "button", onclick: () => post("force", { ...target, value: false }) }, "Force off"), release];
  }
  return [numberForm(pin, (value) => post("force", { ...target, value }), "Force"), release];
}

function numberForm(pin, send, text) {
  const name = `${pin.io_type}${pin.pin}`;
  const submit = (e) => {
    e.preventDefault();
    const input = e.currentTarget.elements[name];
    if (input.value !== "") send(Number(input.value));
  };
  return h("form", { class: "inline", onsubmit: submit }, h("input", { type: "number", step: "any", name, "aria-label": `${name} value` }), h("button", { type: "submit" }, text));
}

// -- apps ------------------------------------------------------------------------------------

function drawApps(apps) {
  const filter = $("log-filter");
  const known = new Set([...filter.options].map((o) => o.value));
  apps.forEach((app) => known.has(app.app_key) || filter.append(h("option", { value: app.app_key }, app.app_key)));
  if (!apps.length) return morphChildren($("apps-list"), [h("p", { class: "muted" }, "No app is registered.")]);
  const rows = apps.map((app) => h("tr", { "data-app": app.app_key },
    h("th", {}, app.display_name || app.app_key),
    h("td", { class: "app-state", "data-state": app.state }, app.state),
    h("td", {}, app.pid ?? "–"),
    h("td", {}, `${app.restarts} restarts`),
    h("td", {}, ["restart", "stop", "start"].map((action) =>
      h("button", { type: "button", onclick: () => post("app", { app_key: app.app_key, action }).then((r) => r && toast(`${action}: ${r.message || "done"}`)) }, action)))));
  morphChildren($("apps-list"), [h("table", { class: "apps" }, h("tbody", {}, rows))]);
}

const logLines = [];

function addLog(line) {
  logLines.push(line);
  if (logLines.length > 500) logLines.shift();
  showLog(line);
}

function showLog(line) {
  const logs = $("logs");
  const wanted = $("log-filter").value;
  if (wanted && line.app_key !== wanted) return;
  const stick = logs.scrollTop + logs.clientHeight >= logs.scrollHeight - 4;
  logs.append(h("span", { class: `log ${line.stream}` }, `${line.app_key} | ${line.text}\n`));
  while (logs.childNodes.length > 500) logs.firstChild.remove();
  if (stick) logs.scrollTop = logs.scrollHeight;
}

$("log-filter").addEventListener("change", () => {
  $("logs").textContent = "";
  logLines.forEach(showLog);
});

// -- cameras ---------------------------------------------------------------------------------
// Each camera watched by some <img data-live-camera> has one pump: it asks for the frame after the
// last one it showed (GET /camera/NAME.jpg?after=N answers when there is one), shows it in every
// image of that camera, and stops once no such image is left in the page. A hidden page asks for none.

const feeds = new Map();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const cameraFeeds = {
  has: (name) => Boolean(config.cameras) && (!config.live_cameras || (state.cameras || []).some((c) => c.name === name)),
  image(name, alt) {
    let feed = feeds.get(name);
    if (!feed) feeds.set(name, (feed = { count: 0, url: null, running: false, error: null }));
    if (!feed.running) pump(name, feed);
    return h("img", { class: "camera", alt, src: feed.url, "data-live-camera": name, "data-state": feed.error ? "error" : feed.url ? "live" : "waiting", title: feed.error });
  },
};

async function pump(name, feed) {
  feed.running = true;
  const selector = `img[data-live-camera="${CSS.escape(name)}"]`;
  const show = (changes) => document.querySelectorAll(selector).forEach((img) => Object.entries(changes).forEach(([k, v]) => (v === null ? img.removeAttribute(k) : img.setAttribute(k, v))));
  await sleep(0); // the image is put in the page after this call returns
  while (document.querySelector(selector)) {
    if (document.hidden) { await sleep(500); continue; }
    const query = config.live_cameras ? `?after=${feed.count}` : `?t=${Date.now()}`;
    try {
      const response = await fetch(`/camera/${encodeURIComponent(name)}.jpg${query}`, { cache: "no-store" });
      if (!response.ok) throw new Error((await response.text()).trim() || `HTTP ${response.status}`);
      const url = URL.createObjectURL(await response.blob());
      const old = feed.url;
      Object.assign(feed, { url, error: null, count: Number(response.headers.get("X-Frame-Count")) || feed.count });
      show({ src: url, "data-state": "live", title: null });
      if (old) URL.revokeObjectURL(old);
      if (!config.live_cameras) await sleep(config.camera_refresh * 1000);
    } catch (err) {
      feed.error = err.message;
      show({ "data-state": "error", title: feed.error });
      await sleep(2000);
    }
  }
  feed.running = false;
}

function drawCameraStatus(live, detail) {
  const status = $("cameras-status");
  if (!status) return;
  status.className = live ? "muted" : "bad";
  status.textContent = live ? "" : `The Camera bridge at ${config.targets.camera.uri} is not answering (${detail || "disconnected"}): reconnecting ...`;
}

function drawCameras() {
  const list = $("cameras-list");
  if (!list || !state.cameras) return;
  if (!state.cameras.length) return morphChildren(list, [h("p", { class: "muted" }, "The Camera bridge has no camera (doover bridge up --camera front=sim).")]);
  morphChildren(list, state.cameras.map((c) => h("figure", { class: "camera-card", "data-name": c.name },
    cameraFeeds.image(c.name, c.name),
    h("figcaption", {},
      h("strong", {}, c.name), " ", h("span", { class: "camera-state", "data-state": c.state }, c.state),
      h("div", { class: "muted" }, `${c.source} · ${c.width}×${c.height} · ${c.fps} fps`),
      c.last_error ? h("div", { class: "camera-error" }, c.last_error) : null))));
}

// -- channels --------------------------------------------------------------------------------

let tail = null;

async function listChannels() {
  const response = await fetch("/api/channels");
  const rows = response.ok ? await response.json() : [];
  if (!response.ok) toast("cannot list channels: the DDA is not answering", true);
  $("channel-list").replaceChildren(h("table", { class: "channel-table" },
    h("thead", {}, h("tr", {}, h("th", {}, "channel"), h("th", {}, "messages"), h("th", {}, "last write"))),
    h("tbody", {}, rows.map((r) => h("tr", { "data-channel": r.channel },
      h("td", {}, h("a", { href: "#channels", onclick: () => openChannel(r.channel) }, r.channel)),
      h("td", {}, r.messages), h("td", {}, r.last_write ? new Date(r.last_write).toLocaleTimeString() : "–"))))));
}

async function openChannel(name) {
  $("channel-title").textContent = name;
  $("channel-title").className = "";
  document.querySelector("#publish [name=channel]").value = name;
  const response = await fetch(`/api/channels/${encodeURIComponent(name)}`);
  const answer = response.ok ? await response.json() : { aggregate: null };
  $("channel-aggregate").replaceChildren(jsonTree(answer.aggregate, true));
  if (tail) tail.close();
  $("channel-tail").textContent = "";
  tail = new EventSource(`/events/channel/${encodeURIComponent(name)}`);
  tail.onmessage = (message) => {
    const m = JSON.parse(message.data);
    const list = $("channel-tail");
    list.prepend(h("li", {}, h("time", {}, new Date(m.timestamp).toLocaleTimeString()), " ", JSON.stringify(m.payload)));
    while (list.childNodes.length > 100) list.lastChild.remove();
  };
}

function jsonTree(value, open) {
  if (value === null || typeof value !== "object") return h("span", { class: `json ${typeof value}` }, JSON.stringify(value));
  const entries = Object.entries(value);
  return h("details", { open },
    h("summary", {}, Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`),
    h("ul", {}, entries.map(([key, child]) => h("li", {}, h("span", { class: "key" }, `${key}: `), jsonTree(child, false)))));
}

$("channels-refresh").addEventListener("click", listChannels);
$("publish").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  let payload;
  try { payload = JSON.parse(form.payload.value); } catch (err) { return toast(`not JSON: ${err.message}`, true); }
  const answer = await post("publish", { channel: form.channel.value.trim(), payload });
  if (answer) toast(`published to ${answer.channel} (message ${answer.message_id})`);
});

window.doover = { config, post, openChannel, plotSeries, state, cameraFeeds };
connect();
setTimeout(listChannels, 500); // after the live state: the listing reads each channel's history
})();
