import { createRequire } from "node:module";
import type { StepDef } from "./step.js";

/**
 * Where every step a pipeline can name is defined: module (relative to this file) and export.
 * Step modules bring their dependencies (HTML parser, tokenizers, fastText, models, tables),
 * and importing them all cost about 0.6 CPU-s in the CLI and again in every worker thread,
 * whatever the pipeline used. A step's module is now loaded the first time it is asked for.
 */
const STEP_MODULES: Readonly<Record<string, readonly [module: string, exported: string]>> = {
  length: ["../filters/length.js", "lengthFilter"],
  sample: ["../filters/sample.js", "sampleFilter"],
  metadata_filter: ["../filters/metadata-field.js", "metadataFieldFilter"],
  extract_html: ["../filters/extract-html.js", "extractHtml"],
  language: ["../filters/language.js", "languageFilter"],
  perplexity: ["../lm/perplexity-step.js", "perplexityFilter"],
  classifier: ["../classifier/step.js", "classifierFilter"],
  gopher_repetition: ["../filters/gopher-repetition.js", "gopherRepetition"],
  gopher_quality: ["../filters/gopher-quality.js", "gopherQuality"],
  c4_quality: ["../filters/c4-quality.js", "c4Quality"],
  c4_paragraph: ["../filters/c4-paragraph.js", "c4Paragraph"],
  c4_badwords: ["../filters/c4-badwords.js", "c4BadWords"],
  refinedweb_lines: ["../filters/refinedweb-lines.js", "refinedwebLines"],
  fineweb_quality: ["../filters/fineweb-quality.js", "finewebQuality"],
  url_filter: ["../filters/url-filter.js", "urlFilter"],
  bad_words: ["../filters/bad-words.js", "badWords"],
  pii: ["../filters/pii.js", "pii"],
  decontaminate: ["../decontam/step.js", "decontaminate"],
  exact_dedup: ["../dedup/exact-dedup.js", "exactDedup"],
  tokenize: ["../tokenize/step.js", "tokenize"],
  paragraph_dedup: ["../dedup/paragraph-dedup.js", "paragraphDedup"],
  minhash_dedup: ["../dedup/minhash-dedup.js", "minhashDedup"],
  bloom_dedup: ["../dedup/bloom-dedup.js", "bloomDedup"],
  sentence_dedup: ["../dedup/sentence-dedup.js", "sentenceDedup"],
  dsir: ["../dsir/step.js", "dsirSelect"],
  dsir_weight: ["../dsir/step.js", "dsirWeight"],
  watermark: ["../watermark/step.js", "watermarkFilter"],
  write: ["../steps/write.js", "writeStep"],
};

// `require` of an ES module (Node ≥ 20.19) loads it synchronously, and into the same module
// cache as `import`, so `registry.get` stays synchronous and a step is one object everywhere.
const require = createRequire(import.meta.url);

/** Every step a pipeline can name, by name; a step's module loads on first `get`. */
class StepRegistry implements ReadonlyMap<string, StepDef> {
  private readonly loaded = new Map<string, StepDef>();

  get size(): number {
    return Object.keys(STEP_MODULES).length;
  }

  has(name: string): boolean {
    return Object.hasOwn(STEP_MODULES, name);
  }

  get(name: string): StepDef | undefined {
    if (!this.has(name)) return undefined;
    let def = this.loaded.get(name);
    if (!def) {
      const [module, exported] = STEP_MODULES[name];
      def = (require(module) as Record<string, StepDef>)[exported];
      if (def?.name !== name) throw new Error(`step registry: ${module} does not export step "${name}" as ${exported}`);
      this.loaded.set(name, def);
    }
    return def;
  }

  keys(): MapIterator<string> {
    return new Map(Object.keys(STEP_MODULES).map((name) => [name, 0])).keys();
  }

  /** Loads every step module. */
  entries(): MapIterator<[string, StepDef]> {
    return new Map([...this.keys()].map((name): [string, StepDef] => [name, this.get(name)!])).entries();
  }

  values(): MapIterator<StepDef> {
    return new Map(this.entries()).values();
  }

  forEach(fn: (def: StepDef, name: string, map: ReadonlyMap<string, StepDef>) => void): void {
    for (const [name, def] of this.entries()) fn(def, name, this);
  }

  [Symbol.iterator](): MapIterator<[string, StepDef]> {
    return this.entries();
  }
}

export const registry: ReadonlyMap<string, StepDef> = new StepRegistry();

export function stepNames(): string[] {
  return Object.keys(STEP_MODULES).sort();
}
