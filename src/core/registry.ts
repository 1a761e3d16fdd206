import type { StepDef } from "./step.js";
import { lengthFilter } from "../filters/length.js";
import { metadataFieldFilter } from "../filters/metadata-field.js";
import { sampleFilter } from "../filters/sample.js";
import { writeStep } from "../steps/write.js";
import { exactDedup } from "../dedup/exact-dedup.js";
import { paragraphDedup } from "../dedup/paragraph-dedup.js";
import { minhashDedup } from "../dedup/minhash-dedup.js";
import { bloomDedup } from "../dedup/bloom-dedup.js";
import { sentenceDedup } from "../dedup/sentence-dedup.js";
import { qualityFilters } from "../filters/index.js";
import { safetySteps } from "../filters/safety-index.js";
import { languageSteps } from "../filters/language-index.js";
import { extractSteps } from "../extract/index.js";
import { decontamSteps } from "../decontam/index.js";
import { lmSteps } from "../lm/index.js";
import { classifierSteps } from "../classifier/index.js";
import { tokenizeSteps } from "../tokenize/index.js";
import { dsirSteps } from "../dsir/index.js";
import { watermarkSteps } from "../watermark/index.js";

/** Every step a pipeline can name, by name. */
const STEPS: readonly StepDef[] = [
  lengthFilter,
  sampleFilter,
  metadataFieldFilter,
  ...extractSteps,
  ...languageSteps,
  ...lmSteps,
  ...classifierSteps,
  ...qualityFilters,
  ...safetySteps,
  ...decontamSteps,
  exactDedup,
  ...tokenizeSteps,
  paragraphDedup,
  minhashDedup,
  bloomDedup,
  sentenceDedup,
  ...dsirSteps,
  ...watermarkSteps,
  writeStep,
] as unknown as StepDef[];

export const registry: ReadonlyMap<string, StepDef> = new Map(STEPS.map((s) => [s.name, s]));

export function stepNames(): string[] {
  return [...registry.keys()].sort();
}
