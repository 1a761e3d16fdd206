import { html, type Html } from "./html.js";
import type { Histogram } from "./histogram.js";

/**
 * A chart.js configuration, JSON only (no callbacks) since it travels in the page's data
 * block. `percent` asks the page script to format the value axis and tooltips as percentages.
 */
export interface ChartSpec {
  type: "bar" | "doughnut";
  data: { labels: string[]; datasets: { label: string; data: number[]; backgroundColor: string | string[] }[] };
  options: Record<string, unknown>;
  percent?: boolean;
}

/** Tableau 10: distinct in print and for common colour-vision deficiencies. */
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
export const KEPT_COLOR = "#59a14f";

export function color(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** The element a chart draws into; `id` names its spec in the page's data. */
export function chartBox(id: string, height = 280): Html {
  return html`<div class="chart" style="height:${height}px"><canvas data-chart="${id}" role="img" aria-label="${id}"></canvas></div>`;
}

export function barChart(
  labels: string[],
  datasets: ChartSpec["data"]["datasets"],
  o: { horizontal?: boolean; percent?: boolean; xTitle?: string; yTitle?: string } = {},
): ChartSpec {
  // Counts get whole-number ticks; percentages are formatted by the page script.
  const value = { beginAtZero: true, title: title(o.horizontal ? o.xTitle : o.yTitle), ticks: o.percent ? {} : { precision: 0 } };
  const category = { title: title(o.horizontal ? o.yTitle : o.xTitle), ticks: { autoSkip: !o.horizontal } };
  return {
    type: "bar",
    data: { labels, datasets },
    options: {
      indexAxis: o.horizontal ? "y" : "x",
      scales: o.horizontal ? { x: value, y: category } : { x: category, y: value },
      plugins: { legend: { display: datasets.length > 1 } },
    },
    percent: o.percent,
  };
}

/** Distributions of several groups of different sizes: each bar is a share of its group. */
export function histogramChart(h: Histogram, groups: { label: string; color: string }[], xTitle: string): ChartSpec {
  const datasets = groups.map((g, i) => {
    const total = h.counts[i].reduce((a, b) => a + b, 0);
    return { label: g.label, data: h.counts[i].map((c) => (total ? (100 * c) / total : 0)), backgroundColor: g.color };
  });
  const scale = h.scale === "log" ? `${xTitle} (logarithmic bins)` : xTitle;
  return barChart(h.labels, datasets, { percent: true, xTitle: scale, yTitle: "share of sampled documents" });
}

function title(text: string | undefined) {
  return text ? { display: true, text } : { display: false };
}
