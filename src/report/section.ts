import type { ChartSpec } from "./chart-spec.js";
import type { Html } from "./html.js";

/** One part of the report: its markup, the charts its canvases name, and a nav entry. */
export interface Section {
  id: string;
  title: string;
  body: Html;
  charts?: Record<string, ChartSpec>;
}

/** Anchor of the removed-text examples of one step and reason, linked from the removals table. */
export function exampleAnchor(step: string, reason: string): string {
  return `ex-${step}-${reason}`.replace(/[^A-Za-z0-9_-]/g, "_");
}
