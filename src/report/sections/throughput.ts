import { formatBytes } from "../../io/bytes.js";
import { chartBox, color } from "../chart-spec.js";
import { num, pct, seconds } from "../format.js";
import { html } from "../html.js";
import type { ReportData } from "../report-data.js";
import type { Section } from "../section.js";

/** Where the time went: each step's share of the summed task time (CPU-side, over all workers). */
export function throughputSection(d: ReportData): Section {
  const steps = d.stats.steps;
  const busy = steps.reduce((a, st) => a + st.seconds, 0);
  const total = d.stats.seconds;
  return {
    id: "throughput",
    title: "Throughput",
    charts: busy > 0
      ? {
          stepTime: {
            type: "doughnut",
            data: { labels: steps.map((st) => st.step), datasets: [{ label: "seconds", data: steps.map((st) => Number(st.seconds.toFixed(4))), backgroundColor: steps.map((_, i) => color(i)) }] },
            options: { plugins: { legend: { position: "right" } } },
          },
        }
      : {},
    body: html`
      <div class="grid2">
        ${busy > 0 ? html`<figure>${chartBox("stepTime", 240)}<figcaption>Share of step time.</figcaption></figure>` : html`<p>No step time recorded.</p>`}
        <div>
          <p>Task time ${seconds(total)} summed over ${num(d.stats.tasks)} task${d.stats.tasks === 1 ? "" : "s"}${total > 0 ? `: ${num(Math.round(d.stats.read / total))} documents/s and ${formatBytes(Math.round(d.stats.input_bytes / total))}/s per worker` : ""}.</p>
          <table><thead><tr><th>step</th><th class="n">seconds</th><th class="n">share</th><th class="n">docs/s</th></tr></thead><tbody>
          ${steps.map((st) => html`<tr><td>${st.step}</td><td class="n">${seconds(st.seconds)}</td><td class="n">${pct(st.seconds, busy)}</td><td class="n">${st.seconds > 0 ? num(Math.round(st.docs_in / st.seconds)) : "–"}</td></tr>`)}
          </tbody></table>
        </div>
      </div>`,
  };
}
