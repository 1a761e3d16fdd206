/**
 * The explorer's page, style sheet and script, served from memory (they ship compiled with the
 * package, no asset folder to find). Document text and metadata are untrusted: the script builds
 * every element with createElement and puts their values in text nodes only, never in HTML or
 * in a link; links are built from the app's own routes. Plain ES2020, run as it is.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>winnow serve</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<header><h1 id="run-name">winnow</h1><nav><a href="#/">Overview</a><a href="#/list?c=kept">Kept</a><a href="#/whatif">What-if</a><a href="/run/report.html" target="_blank" rel="noopener noreferrer">report.html</a></nav></header>
<main id="app"><p>Loading…</p></main>
</body>
</html>
`;

export const CLIENT_CSS = `
:root { --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f8fafc; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { background: #1f2937; color: #f9fafb; padding: 10px 24px; display: flex; align-items: baseline; gap: 32px; flex-wrap: wrap; }
header h1 { margin: 0; font-size: 18px; }
header nav { display: flex; gap: 18px; }
header a { color: #bfdbfe; text-decoration: none; }
main { max-width: 1200px; margin: 0 auto; padding: 12px 24px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 20px 16px; margin: 14px 0; }
h2 { font-size: 17px; margin: 4px 0 10px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.preview { color: #374151; overflow-wrap: anywhere; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.55 ui-monospace, "DejaVu Sans Mono", monospace; background: #fcfcfd; border: 1px solid var(--line); padding: 12px; border-radius: 6px; max-height: 70vh; overflow: auto; }
del.dropped { color: #9ca3af; text-decoration: line-through; background: #f3f4f6; }
mark.pii { background: #fde68a; }
mark.duplicate { background: #fecaca; }
.removal { border-left: 4px solid #dc2626; background: #fef2f2; padding: 8px 12px; border-radius: 4px; }
.kept { border-left: 4px solid #16a34a; background: #f0fdf4; padding: 8px 12px; border-radius: 4px; }
.fail { color: #b91c1c; font-weight: 600; }
.pass { color: #15803d; }
form.search { display: flex; gap: 8px; margin: 8px 0; }
form.search input[type=text] { flex: 1; padding: 4px 8px; }
.pager { display: flex; gap: 12px; align-items: center; margin-top: 10px; }
pre.meta { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; background: #f9fafb; padding: 8px; border-radius: 6px; max-height: 40vh; overflow: auto; }
.whatif-controls { display: grid; grid-template-columns: max-content 1fr; gap: 8px 14px; align-items: center; }
#wi-slider { width: 100%; }
.big { font-size: 20px; font-weight: 600; }
.hist { display: flex; align-items: flex-end; gap: 1px; height: 120px; border-bottom: 1px solid var(--line); margin: 8px 0; }
.hist div { flex: 1; background: #cbd5e1; min-height: 1px; }
.hist div.in { background: #60a5fa; }
.legend span { margin-right: 14px; }
`;

export const CLIENT_SCRIPT = `"use strict";
(() => {
  const app = document.getElementById("app");
  const fmt = (n) => (typeof n === "number" ? n.toLocaleString("en-US") : "–");
  const pct = (a, b) => (b > 0 ? ((100 * a) / b).toFixed(1) + " %" : "–");

  /** An element; children that are not nodes become text nodes, so no value is ever parsed as HTML. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  /** An in-app link: a route name and parameters, all URL-encoded. */
  function route(name, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
    const s = q.toString();
    return "#/" + name + (s ? "?" + s : "");
  }
  const link = (name, params, ...children) => el("a", { href: route(name, params) }, ...children);

  async function api(path, params) {
    const q = new URLSearchParams(params || {}).toString();
    const res = await fetch("/api/" + path + (q ? "?" + q : ""));
    if (!res.ok) throw new Error(res.status + " " + (await res.text()));
    return res.json();
  }

  let run = null;
  let renderId = 0;

  async function render() {
    const id = ++renderId;
    const hash = location.hash.replace(/^#\\/?/, "");
    const [name, query] = hash.split("?");
    const params = Object.fromEntries(new URLSearchParams(query || ""));
    try {
      if (!run) {
        run = await api("run");
        document.getElementById("run-name").textContent = "winnow · " + run.name;
        document.title = "winnow · " + run.name;
      }
      const view = name === "list" ? listView : name === "doc" ? docView : name === "whatif" ? whatIfView : overview;
      const node = await view(params);
      if (id !== renderId) return;
      app.replaceChildren(node);
      window.scrollTo(0, 0);
    } catch (err) {
      if (id === renderId) app.replaceChildren(el("section", {}, el("h2", {}, "Error"), el("p", {}, String(err.message || err))));
    }
  }

  function label(key) {
    return key === "kept" ? "Kept" : key === "errors" ? "Errors" : "Removed by " + key.slice("removed/".length);
  }

  async function overview() {
    const s = run.stats;
    const rows = [];
    for (const c of run.collections) {
      rows.push(el("tr", {}, el("td", {}, link("list", { c: c.key }, label(c.key))), el("td", { class: "num" }, fmt(c.total)), el("td", {}, s ? pct(c.total || 0, s.read) : "")));
      for (const [reason, n] of Object.entries(c.reasons || {})) {
        rows.push(el("tr", {}, el("td", {}, "\\u2003", link("list", { c: c.key, reason }, reason)), el("td", { class: "num" }, fmt(n)), el("td", {}, s ? pct(n, s.read) : "")));
      }
    }
    return el("div", {},
      el("section", {},
        el("h2", {}, "Run " + run.name),
        s ? el("p", { id: "ledger" }, "Read " + fmt(s.read) + " documents: kept " + fmt(s.kept) + ", errors " + fmt(s.errors) + ".") : el("p", { class: "muted" }, "No stats.json: the run is not finished."),
        el("p", {}, "Steps: " + run.steps.map((x) => x.instance).join(" → "))),
      el("section", {}, el("h2", {}, "Documents"),
        el("table", { id: "collections" }, el("thead", {}, el("tr", {}, el("th", {}, "Folder / reason"), el("th", { class: "num" }, "Documents"), el("th", {}, "of read"))), el("tbody", {}, rows))),
      el("section", {}, el("h2", {}, "Thresholds"), el("p", {}, link("whatif", {}, "What-if: move a threshold of an annotated signal and see what would be kept"))));
  }

  async function listView(p) {
    const c = p.c || "kept";
    const page = await api("list", { c, cursor: p.cursor || "", reason: p.reason || "", q: p.q || "", limit: "50" });
    const input = el("input", { type: "text", name: "q", placeholder: "search text, id and metadata", value: p.q || "" });
    const form = el("form", { class: "search", onsubmit: (e) => { e.preventDefault(); location.hash = route("list", { c, reason: p.reason, q: input.value }); } }, input, el("button", { type: "submit" }, "Search"));
    const coll = run.collections.find((x) => x.key === c);
    const reasons = coll && coll.reasons ? Object.keys(coll.reasons) : [];
    const errors = coll && coll.kind === "errors";
    const head = errors ? ["#", "Message"] : ["Id", "Reason", "Characters", "Text"];
    const rows = page.items.map((it) => errors
      ? el("tr", {}, el("td", {}, link("doc", { c, f: it.f, i: it.i }, it.f + "." + it.i)), el("td", { class: "preview" }, it.preview))
      : el("tr", {}, el("td", {}, link("doc", { c, f: it.f, i: it.i }, it.id || "(no id)")), el("td", {}, it.reason || ""), el("td", { class: "num" }, fmt(it.chars)), el("td", { class: "preview" }, it.preview)));
    return el("section", {},
      el("h2", {}, label(c) + (p.reason ? " · " + p.reason : "") + (p.q ? " · matching " + JSON.stringify(p.q) : "")),
      reasons.length ? el("p", {}, "Reasons: ", link("list", { c, q: p.q }, "all"), reasons.map((r) => ["  ·  ", link("list", { c, reason: r, q: p.q }, r)])) : null,
      form,
      el("table", { id: "items" }, el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows)),
      page.items.length === 0 ? el("p", { class: "muted" }, page.next ? "Nothing found yet (scanned " + fmt(page.scanned) + " records); look further below." : "Nothing here.") : null,
      el("div", { class: "pager" },
        p.cursor ? el("button", { onclick: () => history.back() }, "\\u2190 Previous") : null,
        page.next ? link("list", { c, reason: p.reason, q: p.q, cursor: page.next }, "Next \\u2192") : null,
        el("span", { class: "muted" }, page.items.length + " shown, " + fmt(page.scanned) + " records read")));
  }

  /** The text with marks: dropped lines struck through, PII and duplicated spans highlighted (overlaps: the first wins). */
  function markedText(text, marks) {
    const pre = el("div", { class: "text", id: "doc-text" });
    let at = 0;
    for (const m of marks) {
      if (m.start < at || m.end > text.length) continue;
      if (m.start > at) pre.appendChild(document.createTextNode(text.slice(at, m.start)));
      const tag = m.kind === "dropped" ? "del" : "mark";
      pre.appendChild(el(tag, { class: m.kind, title: m.label }, text.slice(m.start, m.end)));
      at = m.end;
    }
    if (at < text.length) pre.appendChild(document.createTextNode(text.slice(at)));
    return pre;
  }

  const op = (keep) => (keep === "min" ? "\\u2265" : keep === "above" ? ">" : "\\u2264");
  const num = (v) => (typeof v === "number" ? (Number.isInteger(v) ? fmt(v) : String(Number(v.toPrecision(4)))) : JSON.stringify(v));

  async function docView(p) {
    const r = await api("doc", { c: p.c, f: p.f, i: p.i });
    const where = el("p", { class: "muted" }, label(p.c) + " · " + r.file + " · record " + (Number(p.i) + 1));
    if (r.error) {
      return el("section", {}, el("h2", {}, "Error record"), where, el("pre", { class: "meta", id: "doc-meta" }, JSON.stringify(r.error, null, 2)));
    }
    const d = r.doc;
    const x = r.explanation;
    let why;
    if (x.removal) {
      const t = x.removal.threshold;
      const v = x.removal.value;
      why = el("div", { class: "removal", id: "removal" },
        el("div", {}, "Removed by ", el("b", {}, x.removal.step), ": ", el("b", { id: "reason" }, x.removal.reason)),
        t && typeof v === "number" ? el("div", {}, "value " + num(v) + "; kept only when " + op(t.keep) + " " + num(t.limit) + " (" + t.key + ")") : null,
        v !== undefined && !(t && typeof v === "number") ? el("div", { class: "muted" }, "recorded: " + JSON.stringify(v)) : null);
    } else {
      why = el("div", { class: "kept", id: "removal" }, p.c === "kept" ? "Kept: passed every step." : "Not removed by a step.");
    }
    const signalRows = x.signals.map((s) => el("tr", {},
      el("td", {}, s.step), el("td", {}, s.signal), el("td", { class: "num" }, num(s.value)),
      el("td", {}, s.thresholds.length ? s.thresholds.map((t, k) => [k ? "; " : "", el("span", { class: t.passes ? "pass" : "fail" }, op(t.keep) + " " + num(t.limit) + " (" + t.key + ")" + (t.passes ? "" : " \\u2717"))]) : el("span", { class: "muted" }, "no threshold"))));
    const kinds = [...new Set(x.marks.map((m) => m.kind))];
    const legend = kinds.length ? el("p", { class: "legend" }, kinds.map((k) => el("span", {}, k === "dropped" ? el("del", { class: "dropped" }, "dropped line") : el("mark", { class: k }, k === "pii" ? "personal data" : "duplicated span")))) : null;
    const related = el("div", { id: "related" }, el("p", { class: "muted" }, "Looking for related documents…"));
    api("related", { c: p.c, f: p.f, i: p.i }).then((groups) => {
      related.replaceChildren(...groups.map((g) => el("div", {}, el("h3", {}, g.title),
        g.docs.length ? el("ul", {}, g.docs.map((o) => el("li", {}, link("doc", { c: o.c, f: o.f, i: o.i }, o.id || "(no id)"), " ", el("span", { class: "muted" }, label(o.c)), el("div", { class: "preview" }, o.preview)))) : el("p", { class: "muted" }, "not found in the run's folders"))));
    }, (err) => related.replaceChildren(el("p", { class: "muted" }, String(err.message || err))));
    return el("div", {},
      el("section", {}, el("h2", { id: "doc-id" }, d.id || "(no id)"), where, why,
        x.signals.length ? el("table", { id: "signals" }, el("thead", {}, el("tr", {}, ["Step", "Signal", "Value", "Threshold"].map((h) => el("th", {}, h)))), el("tbody", {}, signalRows)) : null,
        related),
      el("section", {}, el("h2", {}, "Text (" + fmt(d.text.length) + " characters)"), legend, markedText(d.text, x.marks)),
      el("section", {}, el("h2", {}, "Metadata"), el("pre", { class: "meta", id: "doc-meta" }, JSON.stringify(d.metadata, null, 2))));
  }

  let whatIf = null;
  let marginTimer = 0;

  /** Documents, characters and tokens kept when a signal must pass "keep op values[k]"; documents without the signal stay. */
  function keptAt(h, data, keep, k) {
    let docs = data.docs, chars = data.chars, tokens = data.tokens;
    for (let j = 0; j < h.values.length; j++) {
      const pass = keep === "min" ? j >= k : keep === "above" ? j > k : j <= k;
      if (!pass) { docs -= h.docs[j]; chars -= h.chars[j]; tokens -= h.tokens[j]; }
    }
    return { docs, chars, tokens };
  }

  /** The slider position that keeps what the configured limit keeps. */
  function positionOf(h, keep, limit) {
    if (keep === "min") {
      const k = h.values.findIndex((v) => v >= limit);
      return k === -1 ? h.values.length - 1 : k;
    }
    let k = -1;
    for (let j = 0; j < h.values.length; j++) if (h.values[j] <= limit) k = j;
    return Math.max(0, k);
  }

  async function whatIfView(p) {
    whatIf = whatIf || (await api("whatif"));
    const data = whatIf;
    if (!data.signals.length) {
      return el("section", {}, el("h2", {}, "What-if"), el("p", {}, "No annotated signals in the kept documents. Run filters with annotate: true (or the language / perplexity steps) to compare thresholds here."));
    }
    const h = data.signals.find((s) => s.id === p.s) || data.signals[0];
    const configured = h.thresholds[Number(p.t || 0)] || h.thresholds[0];
    const keep = p.keep || (configured ? configured.keep : "min");
    const useTokens = data.tokenDocs === data.docs && data.tokens > 0;
    const unit = useTokens ? "tokens" : "characters";
    const select = el("select", { id: "wi-signal", onchange: () => { location.hash = route("whatif", { s: select.value }); } },
      data.signals.map((s) => { const o = el("option", { value: s.id }, s.id + (s.thresholds.length ? "" : " (no threshold)")); if (s.id === h.id) o.selected = true; return o; }));
    const dir = el("select", { id: "wi-keep", onchange: () => { location.hash = route("whatif", { s: h.id, keep: dir.value }); } },
      [["min", "keep \\u2265 threshold"], ["above", "keep > threshold"], ["max", "keep \\u2264 threshold"]].map(([v, t]) => { const o = el("option", { value: v }, t); if (v === keep) o.selected = true; return o; }));
    const start = configured ? positionOf(h, keep, configured.limit) : keep === "max" ? h.values.length - 1 : 0;
    const slider = el("input", { type: "range", id: "wi-slider", min: 0, max: h.values.length - 1, step: 1, value: start });
    const threshold = el("span", { id: "wi-threshold", class: "big" });
    const docs = el("span", { id: "wi-docs", class: "big" });
    const size = el("span", { id: "wi-size", class: "big" });
    const docsShare = el("span", { class: "muted" });
    const sizeShare = el("span", { class: "muted" });
    const margin = el("div", { id: "wi-margin" });
    const bins = Math.min(60, h.values.length);
    // Long-tailed positive signals (word counts, perplexity) are binned on a log scale.
    const logScale = h.values[0] > 0 && h.values[h.values.length - 1] / h.values[0] > 100;
    const scale = (v) => (logScale ? Math.log10(v) : v);
    const lo = scale(h.values[0]), hi = scale(h.values[h.values.length - 1]);
    const binOf = (v) => (hi === lo ? 0 : Math.min(bins - 1, Math.floor(((scale(v) - lo) / (hi - lo)) * bins)));
    const counts = new Array(bins).fill(0);
    h.values.forEach((v, j) => { counts[binOf(v)] += h.docs[j]; });
    const maxCount = Math.max(...counts, 1);
    const bars = counts.map((n) => { const b = el("div", { title: fmt(n) + " documents" }); b.style.height = (100 * n) / maxCount + "%"; return b; });
    const hist = el("div", { class: "hist", id: "wi-hist" }, bars);

    function update() {
      const k = Number(slider.value);
      const t = h.values[k];
      threshold.textContent = num(t);
      threshold.dataset.value = String(t);
      const r = keptAt(h, data, keep, k);
      docs.textContent = fmt(r.docs);
      docs.dataset.value = String(r.docs);
      docsShare.textContent = " of " + fmt(data.docs) + " kept documents (" + pct(r.docs, data.docs) + ")";
      const s = useTokens ? r.tokens : r.chars;
      size.textContent = fmt(s);
      size.dataset.value = String(s);
      sizeShare.textContent = " of " + fmt(useTokens ? data.tokens : data.chars) + " " + unit + " (" + pct(s, useTokens ? data.tokens : data.chars) + ")";
      // A bar is drawn as kept when most of its documents are.
      const keptInBin = new Array(bins).fill(0);
      h.values.forEach((v, j) => { if (keep === "min" ? j >= k : keep === "above" ? j > k : j <= k) keptInBin[binOf(v)] += h.docs[j]; });
      bars.forEach((b, j) => { b.className = keptInBin[j] * 2 >= counts[j] && counts[j] > 0 ? "in" : ""; });
      // The last value kept and the first dropped, each side of the threshold.
      const keptIdx = keep === "min" ? k : keep === "above" ? k + 1 : k;
      const dropIdx = keep === "min" ? k - 1 : keep === "above" ? k : k + 1;
      clearTimeout(marginTimer);
      marginTimer = setTimeout(() => loadMargin(keptIdx, dropIdx), 250);
    }

    async function loadMargin(keptIdx, dropIdx) {
      const q = new URLSearchParams({ signal: h.id });
      const wanted = [[keptIdx, "kept"], [dropIdx, "dropped"]].filter(([j]) => j >= 0 && j < h.values.length);
      for (const [j] of wanted) q.append("v", String(h.values[j]));
      const res = await fetch("/api/margin?" + q.toString());
      if (!res.ok) return;
      const found = await res.json();
      margin.replaceChildren(...wanted.map(([j, what]) => {
        const v = h.values[j];
        const docsAt = found.filter((d) => (h.approximate ? Number(d.value.toPrecision(3)) : d.value) === v);
        return el("div", {}, el("h3", {}, "Just " + what + " (" + h.name + " = " + num(v) + ")"),
          docsAt.length ? el("ul", {}, docsAt.map((d) => el("li", {}, link("doc", { c: d.c, f: d.f, i: d.i }, d.id || "(no id)"), el("div", { class: "preview" }, d.preview)))) : el("p", { class: "muted" }, "none"));
      }));
    }

    slider.addEventListener("input", update);
    update();
    return el("section", {},
      el("h2", {}, "What-if: " + h.id),
      el("p", { class: "muted" }, "Counts are over the " + fmt(data.docs) + " documents the run kept (output/): what would remain if this threshold were applied too. Documents without this signal stay." + (h.approximate ? " This signal has many distinct values: they are grouped to 3 significant digits." : "")),
      el("div", { class: "whatif-controls" },
        el("label", { for: "wi-signal" }, "Signal"), select,
        el("label", { for: "wi-keep" }, "Rule"), dir,
        el("span", {}, "Threshold"), el("div", {}, threshold, configured ? el("span", { class: "muted" }, "  (configured: " + op(configured.keep) + " " + num(configured.limit) + ", " + configured.key + ")") : null),
        el("span", {}, ""), slider,
        el("span", {}, "Documents kept"), el("div", {}, docs, docsShare),
        el("span", {}, useTokens ? "Tokens kept" : "Characters kept"), el("div", {}, size, sizeShare)),
      hist,
      el("p", { class: "muted" }, "Documents by " + h.name + (logScale ? " (log scale)" : "") + "; blue: kept at this threshold."),
      el("h2", {}, "At the margin"), margin);
  }

  window.addEventListener("hashchange", render);
  render();
})();
`;
