import { color, KEPT_COLOR } from "./chart-spec.js";
import type { ReportData } from "./report-data.js";
import type { GroupSample } from "./run-samples.js";

export interface LabelledGroup {
  label: string;
  color: string;
  sample: GroupSample;
}

/** Kept documents and those of each removing step, coloured as in the removals chart. */
export function sampleGroups(d: ReportData): LabelledGroup[] {
  const groups: LabelledGroup[] = [{ label: "kept", color: KEPT_COLOR, sample: d.samples.kept }];
  d.steps.forEach((st, i) => {
    const sample = d.samples.removed.get(st.instance);
    if (sample) groups.push({ label: `removed by ${st.instance}`, color: color(i), sample });
  });
  return groups.filter((g) => g.sample.docs > 0);
}

export function sampleNote(d: ReportData): string {
  return `From a sample of at most ${d.samples.limit.toLocaleString("en-US")} documents of output/ and of each removed/<step>/ folder (the first documents of files spread over the folder).`;
}
