import { barChart, chartBox, color, KEPT_COLOR } from "../chart-spec.js";
import { num, pct } from "../format.js";
import { html } from "../html.js";
import type { ReportData } from "../report-data.js";
import type { Section } from "../section.js";

/** Documents and characters left after each step, from stats.json (characters shrink by removals and rewrites). */
export function funnelSection(d: ReportData): Section {
  const s = d.stats;
  const steps = d.steps.filter((st) => !st.writer);
  const byName = new Map(s.steps.map((st) => [st.step, st]));
  const removedBy = (step: string) => Object.values(s.removed[step] ?? {}).reduce((a, b) => a + b, 0);
  const charsRemoved = (step: string) => {
    const st = byName.get(step);
    return st ? (st.chars_in ?? 0) - (st.chars_out ?? 0) : 0;
  };

  const labels = ["read", ...steps.map((st) => `after ${st.instance}`), "kept"];
  const docs = [s.read, ...steps.map((st) => byName.get(st.instance)?.docs_out ?? 0), s.kept];
  const chars = [s.chars_read, ...steps.map((st) => byName.get(st.instance)?.chars_out ?? 0), s.chars_kept];
  const colors = labels.map((_, i) => (i === labels.length - 1 ? KEPT_COLOR : color(0)));

  const rows = steps.map((st) => {
    const stats = byName.get(st.instance);
    const removed = removedBy(st.instance);
    return html`<tr><td>${st.instance}</td><td class="n">${num(stats?.docs_in ?? 0)}</td><td class="n">${num(stats?.docs_out ?? 0)}</td>
      <td class="n">${num(removed)}</td><td class="n">${pct(removed, s.read)}</td><td class="n">${num(charsRemoved(st.instance))}</td></tr>`;
  });
  return {
    id: "funnel",
    title: "Funnel",
    charts: {
      funnelDocs: barChart(labels, [{ label: "documents", data: docs, backgroundColor: colors }], { horizontal: true, xTitle: "documents" }),
      funnelChars: barChart(labels, [{ label: "characters", data: chars, backgroundColor: colors }], { horizontal: true, xTitle: "characters" }),
    },
    body: html`
      <div class="grid2">
        <figure>${chartBox("funnelDocs")}<figcaption>Documents left after each step.</figcaption></figure>
        <figure>${chartBox("funnelChars")}<figcaption>Characters left after each step: removed documents and rewritten text (extraction, line cleaning, PII) both count.</figcaption></figure>
      </div>
      <table><thead><tr><th>step</th><th class="n">docs in</th><th class="n">docs out</th><th class="n">removed</th><th class="n">% of read</th><th class="n">characters removed or rewritten away</th></tr></thead>
      <tbody>${rows}</tbody></table>`,
  };
}
