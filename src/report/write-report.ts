import { join } from "node:path";
import { writeFileAtomic } from "../run/run-dir.js";
import { renderPage } from "./page.js";
import { loadReportData, type ReportOptions } from "./report-data.js";
import type { Section } from "./section.js";
import { duplicatesSection } from "./sections/duplicates.js";
import { errorsSection } from "./sections/errors.js";
import { examplesSection } from "./sections/examples.js";
import { funnelSection } from "./sections/funnel.js";
import { languagesSection } from "./sections/languages.js";
import { lengthsSection } from "./sections/lengths.js";
import { overviewSection } from "./sections/overview.js";
import { removalsSection } from "./sections/removals.js";
import { signalsSection } from "./sections/signals.js";
import { throughputSection } from "./sections/throughput.js";

/**
 * Writes `<run-dir>/report.html` from stats.json, run.json and a bounded sample of the run's
 * documents; returns its path. Sections without data (no languages, no signals…) are left out.
 */
export async function writeReport(runDir: string, opts: ReportOptions = {}): Promise<string> {
  const d = await loadReportData(runDir, opts);
  const sections = [
    overviewSection(d),
    funnelSection(d),
    removalsSection(d),
    errorsSection(d),
    throughputSection(d),
    languagesSection(d),
    lengthsSection(d),
    signalsSection(d),
    duplicatesSection(d),
    examplesSection(d),
  ].filter((s): s is Section => s !== undefined);
  const path = join(runDir, "report.html");
  writeFileAtomic(path, renderPage(d, sections));
  return path;
}
