import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CLIENT_SCRIPT } from "./client-script.js";
import { Html, html, inlineScript, jsonScript } from "./html.js";
import type { ReportData } from "./report-data.js";
import type { Section } from "./section.js";
import { STYLE } from "./style.js";

/** chart.js's UMD build, which defines the `Chart` global: inlined so the page needs no network. */
function chartJsSource(): string {
  const main = createRequire(import.meta.url).resolve("chart.js");
  return readFileSync(join(dirname(main), "chart.umd.js"), "utf8");
}

/** The whole page: one file, every style, script and datum inline. */
export function renderPage(d: ReportData, sections: Section[]): string {
  const m = d.manifest;
  const charts = Object.assign({}, ...sections.map((s) => s.charts ?? {}));
  const page: Html = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>winnow report · ${d.stats.name}</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<header>
  <h1>winnow report · ${d.stats.name}</h1>
  <div class="meta"><code>${d.runDir}</code> · run created ${m.created} · winnow ${m.winnow_version} · config ${m.config_hash}</div>
  <div class="meta">steps: ${d.steps.map((s) => s.instance).join(" → ")}</div>
</header>
<nav>${sections.map((s) => html`<a href="#${s.id}">${s.title}</a>`)}</nav>
<main>
${sections.map((s) => html`<section id="${s.id}"><h2>${s.title}</h2>${s.body}</section>\n`)}
</main>
<footer>Generated ${new Date().toISOString()} by winnow report.</footer>
${jsonScript("report-data", { charts })}
${inlineScript(chartJsSource())}
${inlineScript(CLIENT_SCRIPT)}
</body>
</html>
`;
  return page.value;
}
