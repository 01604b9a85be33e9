// Drawing an app's ui_state tree as the Doover site presents it. Classic (0.4) and 1.x element
// types; an unknown type shows its raw JSON. Interactions call ctx.send(name, value), which
// writes {"cmds": {name: value}} to ui_cmds (see dashboard.js).
(() => {
"use strict";

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) listen(node, key.slice(2), value);
    else if (key === "style") Object.assign(node.style, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function listen(node, type, handler) {
  node.addEventListener(type, handler);
  (node.listeners ||= []).push([type, handler]);
}

// Update the children of `parent` in place to match `fresh` nodes: nodes of the same kind (and the
// same element name) are kept and patched, so a redraw does not replace what the user is about to
// click, and a field someone is typing in keeps its text.
function morphChildren(parent, fresh) {
  const old = [...parent.childNodes];
  fresh.forEach((node, i) => {
    const current = old[i];
    if (current && sameKind(current, node)) morph(current, node);
    else if (current) parent.replaceChild(node, current);
    else parent.append(node);
  });
  old.slice(fresh.length).forEach((node) => node.remove());
}

function sameKind(a, b) {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName && (a.nodeType !== 1 || a.dataset.name === b.dataset.name);
}

function morph(current, fresh) {
  if (current.nodeType !== 1) {
    if (current.nodeValue !== fresh.nodeValue) current.nodeValue = fresh.nodeValue;
    return;
  }
  const valueChanged = current.getAttribute("value") !== fresh.getAttribute("value");
  for (const { name } of [...current.attributes]) if (!fresh.hasAttribute(name)) current.removeAttribute(name);
  for (const { name, value } of fresh.attributes) if (current.getAttribute(name) !== value) current.setAttribute(name, value);
  for (const [type, handler] of current.listeners || []) current.removeEventListener(type, handler);
  current.listeners = [];
  for (const [type, handler] of fresh.listeners || []) listen(current, type, handler);
  if (fresh.dataset.morph !== "keep") morphChildren(current, [...fresh.childNodes]);
  if (current === document.activeElement) return;
  if (current.nodeName === "SELECT" && current.value !== fresh.value) current.value = fresh.value;
  if (current.nodeName === "INPUT" && current.checked !== fresh.checked) current.checked = fresh.checked;
  if (valueChanged && "value" in current) current.value = fresh.value;
}

const COLOURS = {
  red: "#e53935", green: "#43a047", blue: "#1e88e5", yellow: "#fdd835", orange: "#fb8c00",
  purple: "#8e24aa", grey: "#9e9e9e", gray: "#9e9e9e", black: "#212121", white: "#fafafa",
};
const colourOf = (name) => COLOURS[name] || name || "#9e9e9e";

const CONTAINERS = new Set(["uiContainer", "uiSubmodule", "uiApplication", "uiTab", "uiGroup"]);

// An element's value: the app's currentValue, a command's value in ui_cmds, and 1.x references
// such as "$cmds.app().speed::10" or "$tag.app().level::0".
function valueOf(el, ctx) {
  const ref = typeof el.currentValue === "string" && el.currentValue.match(/^\$(cmds|tag)\.app\(\)\.([^:]+)(?:::(.*))?$/);
  if (ref) {
    const [, kind, name, fallback] = ref;
    const found = kind === "cmds" ? ctx.cmds[`${ctx.appKey}_${name}`] ?? ctx.cmds[name] : (ctx.tags[ctx.appKey] || {})[name];
    return found !== undefined ? found : parseLiteral(fallback);
  }
  if (el.name in ctx.cmds) return ctx.cmds[el.name];
  return el.currentValue !== undefined ? el.currentValue : el.default;
}

function parseLiteral(text) {
  if (text === undefined) return undefined;
  try { return JSON.parse(text); } catch (_) { return text; }
}

// An element's children in position order; a child without a name is known by its key.
function sortedChildren(el) {
  return Object.entries(el.children || {})
    .filter(([, child]) => child && typeof child === "object")
    .map(([key, child]) => (child.name ? child : { ...child, name: key }))
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
}

function renderElement(el, ctx, path) {
  if (!el || el.hidden === true || el.type === "uiHiddenValue") return null;
  const render = CONTAINERS.has(el.type) ? renderContainer : RENDERERS[el.type] || renderUnknown;
  const node = render(el, ctx, `${path}/${el.name}`);
  if (node) {
    node.dataset.name = el.name;
    node.dataset.type = el.type;
  }
  return node;
}

function label(el) {
  return el.displayString || el.labelString || el.name;
}

function row(el, ...content) {
  return h("div", { class: "el" }, h("span", { class: "label", title: el.helpString || "" }, label(el)), h("span", { class: "value" }, ...content));
}

function renderContainer(el, ctx, path) {
  const open = !ctx.collapsed.has(path) && el.defaultOpen !== false;
  const details = h("details", { class: "container", open },
    h("summary", {}, label(el)),
    h("div", { class: "children" }, sortedChildren(el).map((child) => renderElement(child, ctx, path))));
  listen(details, "toggle", (e) => (e.currentTarget.open ? ctx.collapsed.delete(path) : ctx.collapsed.add(path)));
  return details;
}

function renderTabs(el, ctx, path) {
  const tabs = sortedChildren(el);
  const chosen = tabs.find((t) => t.name === ctx.tabs.get(path)) || tabs[0];
  const choose = (name) => { ctx.tabs.set(path, name); ctx.redraw(); };
  const bar = h("div", { class: "tab-bar", role: "tablist" }, tabs.map((tab) =>
    h("button", { type: "button", role: "tab", "data-tab": tab.name, "aria-selected": String(tab === chosen), onclick: () => choose(tab.name) }, label(tab))));
  const body = h("div", { class: "tab-body" }, chosen ? sortedChildren(chosen).map((c) => renderElement(c, ctx, `${path}/${chosen.name}`)) : null);
  return h("div", { class: "tabs" }, h("div", { class: "label" }, label(el)), bar, body);
}

// -- variables -------------------------------------------------------------------------------

function formatValue(el, value) {
  if (value === undefined || value === null) return "–";
  const kind = el.varType;
  if (kind === "bool" || typeof value === "boolean") return value ? "On" : "Off";
  if (kind === "time" || el.type === "uiTimestamp") return formatTime(value);
  if (typeof value === "number") {
    const precision = el.decPrecision ?? el.precision;
    return precision !== undefined ? value.toFixed(precision) : String(value);
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function formatTime(value) {
  const ms = typeof value === "number" ? (value > 1e11 ? value : value * 1000) : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toLocaleString() : String(value);
}

function rangeOf(el, value) {
  if (typeof value !== "number") return null;
  return (el.ranges || []).find((r) => (r.min ?? -Infinity) <= value && value <= (r.max ?? Infinity)) || null;
}

function renderVariable(el, ctx) {
  const value = valueOf(el, ctx);
  const range = rangeOf(el, value);
  const text = h("span", { class: "reading", "data-range": range ? range.label || "" : null, "data-colour": range ? range.colour : null }, formatValue(el, value));
  if (range) text.style.setProperty("--range", colourOf(range.colour));
  const units = el.units ? h("span", { class: "units" }, ` ${el.units}`) : null;
  return row(el, text, units, el.ranges && el.ranges.length && typeof value === "number" ? bands(el.ranges, value) : null);
}

function bands(ranges, value) {
  const low = Math.min(...ranges.map((r) => r.min ?? 0));
  const high = Math.max(...ranges.map((r) => r.max ?? 0));
  const span = high - low || 1;
  const bar = h("span", { class: "bands", "aria-hidden": "true" });
  for (const r of ranges) {
    bar.append(h("span", { class: "band", title: r.label || "", style: { left: `${((r.min - low) / span) * 100}%`, width: `${((r.max - r.min) / span) * 100}%`, background: colourOf(r.colour) } }));
  }
  const at = Math.max(0, Math.min(1, (value - low) / span));
  bar.append(h("span", { class: "marker", style: { left: `${at * 100}%` } }));
  return bar;
}

function renderWarning(el) {
  return h("div", { class: "el warning", role: "alert" }, "⚠ ", label(el));
}

// -- interactions ----------------------------------------------------------------------------

function renderAction(el, ctx) {
  const press = () => {
    if (el.requiresConfirm && !window.confirm(`${label(el)}?`)) return;
    ctx.send(el.name, true);
  };
  const colour = el.colour ? { background: colourOf(el.colour), color: "#fff" } : null;
  return h("div", { class: "el" }, h("button", { type: "button", class: "action", disabled: el.disabled === true, style: colour, onclick: press }, label(el)));
}

function options(el) {
  const raw = el.userOptions || el.options || {};
  const list = Array.isArray(raw) ? raw : Object.values(raw);
  return list.map((o) => (typeof o === "object" ? { value: o.name ?? o.value, text: o.displayString || o.label || o.name } : { value: o, text: String(o) }));
}

function renderSelect(el, ctx) {
  const current = valueOf(el, ctx);
  const select = h("select", { name: el.name, onchange: (e) => ctx.send(el.name, e.target.value) },
    current === undefined || current === null ? h("option", { value: "", disabled: true, selected: true }, "choose ...") : null,
    options(el).map((o) => h("option", { value: o.value, selected: o.value === current }, o.text)));
  return row(el, select);
}

function renderSwitch(el, ctx) {
  const input = h("input", { type: "checkbox", name: el.name, checked: Boolean(valueOf(el, ctx)), onchange: (e) => ctx.send(el.name, e.target.checked) });
  return row(el, input);
}

function renderSlider(el, ctx) {
  const value = valueOf(el, ctx) ?? el.min ?? 0;
  const shown = h("output", {}, String(value));
  const input = h("input", { type: "range", name: el.name, min: el.min ?? 0, max: el.max ?? 100, step: el.stepSize ?? 1, value,
    oninput: (e) => (e.target.nextElementSibling.textContent = e.target.value), onchange: (e) => ctx.send(el.name, Number(e.target.value)) });
  return row(el, input, shown);
}

function inputRow(el, ctx, type, parse, shown) {
  const value = valueOf(el, ctx);
  const input = el.isTextArea ? h("textarea", { name: el.name, rows: 3 }, value ?? "") : h("input", { type, name: el.name, value: shown(value), min: el.min, max: el.max, step: type === "number" ? "any" : null });
  const submit = (e) => {
    e.preventDefault();
    const parsed = parse(e.currentTarget.elements[el.name].value);
    if (parsed !== undefined) ctx.send(el.name, parsed);
  };
  return row(el, h("form", { class: "inline", onsubmit: submit }, input, h("button", { type: "submit" }, "Set")));
}

const asNumber = (text) => (text.trim() === "" || !Number.isFinite(Number(text)) ? undefined : Number(text));
const same = (v) => v ?? "";
const isoLocal = (ms) => (Number.isFinite(ms) ? new Date(ms - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16) : "");
const epochSeconds = (v) => (typeof v === "number" ? isoLocal(v * 1000) : "");

function renderAlerts(el, ctx) {
  const alerts = ctx.alerts.length
    ? h("ul", { class: "alerts" }, ctx.alerts.map((a) => h("li", {}, h("time", {}, new Date(a.timestamp).toLocaleTimeString()), " ", a.text)))
    : h("span", { class: "muted" }, "no notifications yet");
  return h("div", { class: "el alert-stream" }, h("span", { class: "label" }, label(el)), alerts);
}

function renderConnection(el) {
  const facts = ["connectionType", "connectionPeriod", "nextConnection", "offlineAfter", "allowedMisses"]
    .filter((k) => el[k] !== undefined).map((k) => `${k}: ${el[k]}`);
  return row({ ...el, displayString: el.displayString || "Connection" }, facts.join(" · ") || "–");
}

function renderMultiplot(el, ctx) {
  const key = `${ctx.appKey}/${el.name}`;
  const plot = h("div", { class: "plot", "data-plot": key, "data-morph": "keep" }, "loading history ...");
  window.doover.plotSeries(key, ctx.appKey, el.series || []);
  return h("div", { class: "el plot-el" }, h("span", { class: "label" }, label(el)), plot);
}

// A camera element shows the bridge camera it names (1.x cameraName, else camName/cam_name, else
// its own name: see pydoover.dashboard.camera) live when the dashboard's camera source has it, else
// the image or URL the element carries itself.
function cameraOf(el) {
  return [el.cameraName, el.camName, el.cam_name].find((n) => typeof n === "string" && n) || el.name;
}

function renderCamera(el, ctx) {
  const camera = cameraOf(el);
  const feeds = window.doover.cameraFeeds;
  let body;
  if (feeds.has(camera)) body = feeds.image(camera, label(el));
  else {
    const candidates = [el.imageUrl, el.image, el.url, el.uri, el.currentValue];
    const src = candidates.find((u) => typeof u === "string" && /^(https?:|data:image\/|\/)/.test(u));
    body = src ? h("img", { class: "camera", alt: label(el), src }) : h("span", { class: "muted" }, `no image yet (no camera ${camera} on the Camera bridge)`);
  }
  return h("div", { class: "el camera-el" }, h("span", { class: "label" }, label(el)), body);
}

function renderUnknown(el) {
  return h("details", { class: "el unknown" }, h("summary", {}, `${label(el)} (${el.type || "no type"})`), h("pre", {}, JSON.stringify(el, null, 2)));
}

const RENDERERS = {
  uiVariable: renderVariable,
  uiTimestamp: renderVariable,
  uiWarningIndicator: renderWarning,
  uiAction: renderAction,
  uiButton: renderAction,
  uiStateCommand: renderSelect,
  uiSelect: renderSelect,
  uiSwitch: renderSwitch,
  uiBoolParam: renderSwitch,
  uiSlider: renderSlider,
  uiFloatParam: (el, ctx) => inputRow(el, ctx, "number", asNumber, same),
  uiFloatInput: (el, ctx) => inputRow(el, ctx, "number", asNumber, same),
  uiTextParam: (el, ctx) => inputRow(el, ctx, "text", (t) => t, same),
  uiTextInput: (el, ctx) => inputRow(el, ctx, "text", (t) => t, same),
  uiDatetimeParam: (el, ctx) => inputRow(el, ctx, "datetime-local", (t) => (t ? Math.round(Date.parse(t) / 1000) : undefined), epochSeconds),
  uiDatetimeInput: (el, ctx) => inputRow(el, ctx, "datetime-local", (t) => (t ? Date.parse(t) : undefined), isoLocal),
  uiTimeInput: (el, ctx) => inputRow(el, ctx, "time", (t) => (t ? Number(t.slice(0, 2)) * 3600 + Number(t.slice(3, 5)) * 60 : undefined),
    (v) => (typeof v === "number" ? new Date(v * 1000).toISOString().slice(11, 16) : "")),
  uiTabs: renderTabs,
  uiAlertStream: renderAlerts,
  uiConnectionInfo: renderConnection,
  uiMultiPlot: renderMultiplot,
  uiCamera: renderCamera,
  uiCameraFeed: renderCamera,
  uiCameraLiveView: renderCamera,
  uiCameraHistory: renderCamera,
};

// Every app of a ui_state aggregate: {"state": {"children": {app_key: tree}}}.
function renderApps(uiState, ctx) {
  const apps = (uiState && uiState.state && uiState.state.children) || {};
  const keys = Object.keys(apps).filter((k) => apps[k] && typeof apps[k] === "object").sort();
  if (!keys.length) return [h("p", { class: "muted" }, "No app has published a UI yet.")];
  return keys.map((key) => {
    const app = apps[key];
    const appCtx = { ...ctx, appKey: key };
    return h("article", { class: "app-ui", "data-app": key },
      h("h3", {}, app.displayString || key),
      h("div", { class: "children" }, sortedChildren(app).map((child) => renderElement(child, appCtx, key))));
  });
}

window.dooverElements = { h, morphChildren, renderApps, formatValue, colourOf };
})();
