import { num, pct } from "../format.js";
import { html } from "../html.js";
import type { ReportData } from "../report-data.js";
import type { Section } from "../section.js";

/** Input records that could not become documents, documents a step failed on, and records skipped by design. */
export function errorsSection(d: ReportData): Section {
  const s = d.stats;
  const skipped = Object.entries(s.skipped ?? {}).sort((a, b) => b[1] - a[1]);
  const where = (e: ReportData["errors"][number]) =>
    e.step ? `step ${e.step}, document ${e.id ?? "?"}` : `${e.source ?? "?"}${e.line !== undefined ? `:${e.line}` : ""}${e.offset !== undefined ? ` (byte ${e.offset})` : ""}`;
  const errors = d.errors.length
    ? html`<p>${num(s.errors)} error${s.errors === 1 ? "" : "s"} (${pct(s.errors, s.read)} of read)${d.errors.length < s.errors ? `; the first ${d.errors.length} below` : ""}.</p>
      <table><thead><tr><th>where</th><th>message</th><th>excerpt</th></tr></thead><tbody>
      ${d.errors.map((e) => html`<tr><td>${where(e)}</td><td>${e.message}</td><td><code>${e.excerpt ?? ""}</code></td></tr>`)}
      </tbody></table>`
    : html`<p>No errors.</p>`;
  const skippedTable = skipped.length
    ? html`<h3>Input records skipped</h3><p class="hint">Records that are not documents by design (e.g. WARC requests, non-HTML responses).</p>
      <table><thead><tr><th>reason</th><th class="n">records</th></tr></thead><tbody>
      ${skipped.map(([reason, n]) => html`<tr><td>${reason}</td><td class="n">${num(n)}</td></tr>`)}
      </tbody></table>`
    : "";
  return { id: "errors", title: "Errors and skipped records", body: html`${errors}${skippedTable}` };
}
