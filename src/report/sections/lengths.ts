import { chartBox, histogramChart } from "../chart-spec.js";
import { histogram } from "../histogram.js";
import { html } from "../html.js";
import type { ReportData } from "../report-data.js";
import { sampleGroups, sampleNote } from "../sample-groups.js";
import type { Section } from "../section.js";

/** Length distributions of kept and removed documents, each group as shares of its own sample. */
export function lengthsSection(d: ReportData): Section | undefined {
  const groups = sampleGroups(d);
  const chars = histogram(groups.map((g) => g.sample.chars));
  const words = histogram(groups.map((g) => g.sample.words));
  if (!chars || !words) return undefined;
  return {
    id: "lengths",
    title: "Document lengths",
    charts: { lengthChars: histogramChart(chars, groups, "characters"), lengthWords: histogramChart(words, groups, "words") },
    body: html`<p class="hint">${sampleNote(d)}</p>
      <div class="grid2">
        <figure>${chartBox("lengthChars")}<figcaption>Characters per document.</figcaption></figure>
        <figure>${chartBox("lengthWords")}<figcaption>Whitespace-separated words per document.</figcaption></figure>
      </div>`,
  };
}
