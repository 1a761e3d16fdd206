import { formatBytes } from "../../io/bytes.js";
import { totalRemoved } from "../../stats/task-stats.js";
import { num, pct } from "../format.js";
import { html } from "../html.js";
import type { ReportData } from "../report-data.js";
import type { Section } from "../section.js";

/** Headline numbers and the ledger, whose balance is the first thing to trust or doubt. */
export function overviewSection(d: ReportData): Section {
  const s = d.stats;
  const removed = totalRemoved(s);
  const skipped = Object.values(s.skipped ?? {}).reduce((a, b) => a + b, 0);
  const card = (label: string, value: string, note = "") => html`<div class="card"><div class="label">${label}</div><div class="value">${value}</div><div class="note">${note}</div></div>`;
  return {
    id: "overview",
    title: "Overview",
    body: html`
      <div class="cards">
        ${card("documents read", num(s.read))}
        ${card("kept", num(s.kept), pct(s.kept, s.read))}
        ${card("removed", num(removed), pct(removed, s.read))}
        ${card("errors", num(s.errors), pct(s.errors, s.read))}
        ${card("input records skipped", num(skipped), "not documents by design")}
        ${card("bytes", `${formatBytes(s.input_bytes)} → ${formatBytes(s.output_bytes)}`, "input → output files")}
        ${card("characters kept", pct(s.chars_kept, s.chars_read), `${num(s.chars_kept)} of ${num(s.chars_read)}`)}
        ${card("tasks", `${num(s.tasks_done)} / ${num(s.tasks_total)}`, s.complete ? "complete" : "unfinished run")}
      </div>
      <p class="${s.ledger.ok ? "ok" : "bad"}">Ledger: ${s.ledger.message} ${s.ledger.ok ? "✓" : "✗ violated"}</p>`,
  };
}
