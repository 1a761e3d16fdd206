import { barChart, chartBox } from "../chart-spec.js";
import { num, pct } from "../format.js";
import { html } from "../html.js";
import type { ReportData } from "../report-data.js";
import { sampleGroups, sampleNote } from "../sample-groups.js";
import type { Section } from "../section.js";

const TOP = 12;

/** `metadata.lang` (written by the language step, or carried by the input) of sampled documents. */
export function languagesSection(d: ReportData): Section | undefined {
  const groups = sampleGroups(d).filter((g) => g.sample.langs.size > 0);
  if (groups.length === 0) return undefined;
  const totals = new Map<string, number>();
  for (const g of groups) for (const [lang, n] of g.sample.langs) totals.set(lang, (totals.get(lang) ?? 0) + n);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = ranked.slice(0, TOP).map(([lang]) => lang);
  const other = ranked.length > TOP;
  const labels = other ? [...top, "other"] : top;
  const counts = (g: (typeof groups)[number]) => {
    const withLang = [...g.sample.langs.values()].reduce((a, b) => a + b, 0);
    const topCounts = top.map((l) => g.sample.langs.get(l) ?? 0);
    const rest = withLang - topCounts.reduce((a, b) => a + b, 0);
    return { withLang, values: other ? [...topCounts, rest] : topCounts };
  };
  const rows = groups.map((g) => ({ g, ...counts(g) }));
  return {
    id: "languages",
    title: "Languages",
    charts: {
      languages: barChart(
        labels,
        rows.map((r) => ({ label: r.g.label, data: r.values.map((v) => (100 * v) / r.withLang), backgroundColor: r.g.color })),
        { percent: true, yTitle: "share of sampled documents with a language" },
      ),
    },
    body: html`<p class="hint">${sampleNote(d)}</p>${chartBox("languages")}
      <table><thead><tr><th>language</th>${rows.map((r) => html`<th class="n">${r.g.label}</th>`)}</tr></thead><tbody>
      ${labels.map((lang, i) => html`<tr><td>${lang}</td>${rows.map((r) => html`<td class="n">${num(r.values[i])} (${pct(r.values[i], r.withLang)})</td>`)}</tr>`)}
      </tbody></table>`,
  };
}
