import { num } from "../format.js";
import { html } from "../html.js";
import type { ReportData } from "../report-data.js";
import { EXAMPLE_CHARS } from "../run-samples.js";
import { exampleAnchor, type Section } from "../section.js";

/** The beginning of a few removed documents per step and reason, shown as text (never as markup). */
export function examplesSection(d: ReportData): Section | undefined {
  const blocks = d.steps.flatMap((st) => {
    const reasons = d.samples.examples.get(st.instance);
    if (!reasons) return [];
    return [...reasons.entries()].map(([reason, docs]) => html`
      <h3 id="${exampleAnchor(st.instance, reason)}">${st.instance} · ${reason}</h3>
      ${docs.map((doc) => html`<div class="doc">
        <div class="meta"><code>${doc.id}</code> · ${num(doc.chars)} characters${doc.value !== undefined ? html` · value <code>${doc.value}</code>` : ""}</div>
        <div class="text">${doc.text}${doc.chars > doc.text.length ? html`<span class="more"> … (${num(doc.chars - doc.text.length)} more)</span>` : ""}</div>
      </div>`)}`);
  });
  if (blocks.length === 0) return undefined;
  return {
    id: "examples",
    title: "Removed text",
    body: html`<p class="hint">The first ${EXAMPLE_CHARS} characters of the first documents sampled per step and reason; reasons absent from the sample have none. More with <code>winnow inspect ${d.runDir} --step &lt;step&gt; --reason &lt;reason&gt;</code>.</p>${blocks}`,
  };
}
