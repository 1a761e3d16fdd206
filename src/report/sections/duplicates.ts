import { barChart, chartBox, color } from "../chart-spec.js";
import { histogram } from "../histogram.js";
import { num } from "../format.js";
import { html } from "../html.js";
import type { ReportData } from "../report-data.js";
import { sampleNote } from "../sample-groups.js";
import type { Section } from "../section.js";

/** Sizes of the near-duplicate clusters that sampled removed documents belong to. */
export function duplicatesSection(d: ReportData): Section | undefined {
  const sizes = [...d.samples.clusters.values()];
  const h = histogram([sizes]);
  if (!h) return undefined;
  return {
    id: "duplicates",
    title: "Duplicate clusters",
    charts: {
      clusterSizes: barChart(h.labels, [{ label: "clusters", data: h.counts[0], backgroundColor: color(3) }], { xTitle: "documents in the cluster", yTitle: "clusters" }),
    },
    body: html`<p class="hint">${num(sizes.length)} clusters seen through their removed documents. ${sampleNote(d)}</p>${chartBox("clusterSizes")}`,
  };
}
