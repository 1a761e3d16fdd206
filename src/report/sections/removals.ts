import { barChart, chartBox, color } from "../chart-spec.js";
import { num, pct } from "../format.js";
import { html } from "../html.js";
import type { ReportData } from "../report-data.js";
import { exampleAnchor, type Section } from "../section.js";

/** Removals per step and reason, and what steps counted without removing (annotate mode, counters). */
export function removalsSection(d: ReportData): Section {
  const s = d.stats;
  const rows: { step: string; reason: string; n: number; stepIndex: number; docsIn: number }[] = [];
  d.steps.forEach((st, stepIndex) => {
    const reasons = Object.entries(s.removed[st.instance] ?? {}).sort((a, b) => b[1] - a[1]);
    const docsIn = s.steps.find((x) => x.step === st.instance)?.docs_in ?? 0;
    for (const [reason, n] of reasons) rows.push({ step: st.instance, reason, n, stepIndex, docsIn });
  });
  const counted = s.steps.flatMap((st) => Object.entries(st.counters).filter(([, n]) => n > 0).map(([name, n]) => ({ step: st.step, name, n })));

  const chart = barChart(
    rows.map((r) => `${r.step} · ${r.reason}`),
    [{ label: "documents removed", data: rows.map((r) => r.n), backgroundColor: rows.map((r) => color(r.stepIndex)) }],
    { horizontal: true, xTitle: "documents removed" },
  );
  const table = html`<table><thead><tr><th>step</th><th>reason</th><th class="n">documents</th><th class="n">% of read</th><th class="n">% of step input</th><th></th></tr></thead><tbody>
    ${rows.map((r) => html`<tr><td>${r.step}</td><td>${r.reason}</td><td class="n">${num(r.n)}</td><td class="n">${pct(r.n, s.read)}</td><td class="n">${pct(r.n, r.docsIn)}</td>
      <td>${d.samples.examples.get(r.step)?.has(r.reason) ? html`<a href="#${exampleAnchor(r.step, r.reason)}">examples</a>` : ""}</td></tr>`)}
  </tbody></table>`;
  const countedTable = counted.length
    ? html`<h3>Counted, not removed</h3><p class="hint">Would-be reasons of steps in annotate mode, and the steps' own counters.</p>
      <table><thead><tr><th>step</th><th>counter</th><th class="n">count</th><th class="n">% of read</th></tr></thead><tbody>
      ${counted.map((c) => html`<tr><td>${c.step}</td><td>${c.name}</td><td class="n">${num(c.n)}</td><td class="n">${pct(c.n, s.read)}</td></tr>`)}
      </tbody></table>`
    : "";
  return {
    id: "removals",
    title: "Removals",
    charts: rows.length ? { removals: chart } : {},
    body: rows.length
      ? html`${chartBox("removals", Math.max(160, 40 + 28 * rows.length))}${table}${countedTable}`
      : html`<p>No document was removed.</p>${countedTable}`,
  };
}
