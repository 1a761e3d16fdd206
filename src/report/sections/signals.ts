import { variance } from "../../stats/metric.js";
import { chartBox, histogramChart } from "../chart-spec.js";
import { histogram } from "../histogram.js";
import { html } from "../html.js";
import type { ReportData } from "../report-data.js";
import { sampleGroups, sampleNote } from "../sample-groups.js";
import type { Section } from "../section.js";

const fmt = (x: number) => (Number.isInteger(x) ? x.toLocaleString("en-US") : x.toPrecision(4));

/**
 * Signals to choose thresholds from: a histogram per number that annotate mode wrote to
 * `metadata.<step>` (sampled), and the exact summaries steps recorded in stats.json.
 */
export function signalsSection(d: ReportData): Section | undefined {
  const groups = sampleGroups(d);
  const names = [...new Set(groups.flatMap((g) => [...g.sample.signals.keys()]))].sort();
  const metrics = d.stats.steps.flatMap((st) => Object.entries(st.metrics).filter(([, m]) => m.n > 0).map(([name, m]) => ({ step: st.step, name, m })));
  if (names.length === 0 && metrics.length === 0) return undefined;

  const charts: NonNullable<Section["charts"]> = {};
  // A signal with one value in the whole sample says all it has in a line, not a chart.
  const constant: string[] = [];
  const figures = names.flatMap((name, i) => {
    const withSignal = groups.filter((g) => g.sample.signals.has(name));
    const h = histogram(withSignal.map((g) => g.sample.signals.get(name)!));
    if (!h) return [];
    if (h.labels.length === 1) {
      constant.push(`${name} = ${h.labels[0]}`);
      return [];
    }
    charts[`signal${i}`] = histogramChart(h, withSignal, name);
    return [html`<figure>${chartBox(`signal${i}`, 240)}</figure>`];
  });
  const table = metrics.length
    ? html`<h3>Recorded metrics (all documents)</h3><table><thead><tr><th>step</th><th>metric</th><th class="n">n</th><th class="n">mean</th><th class="n">std</th><th class="n">min</th><th class="n">max</th></tr></thead><tbody>
      ${metrics.map(({ step, name, m }) => html`<tr><td>${step}</td><td>${name}</td><td class="n">${m.n.toLocaleString("en-US")}</td><td class="n">${fmt(m.mean)}</td>
        <td class="n">${fmt(Math.sqrt(variance(m)))}</td><td class="n">${fmt(m.min)}</td><td class="n">${fmt(m.max)}</td></tr>`)}
      </tbody></table>`
    : "";
  return {
    id: "signals",
    title: "Signals",
    charts,
    body: html`${figures.length || constant.length ? html`<p class="hint">Numbers steps in annotate mode wrote to metadata.&lt;step&gt;. ${sampleNote(d)}</p><div class="grid2">${figures}</div>` : ""}
      ${constant.length ? html`<p>The same in every sampled document: ${constant.join(" · ")}.</p>` : ""}${table}`,
  };
}
