import type { Doc } from "../core/doc.js";

function field(doc: Doc, names: readonly string[]): string | undefined {
  const nested = (k: string) => {
    const v = doc.metadata[k];
    return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  };
  for (const where of [doc.metadata, nested("meta"), nested("stats")]) {
    if (!where) continue;
    for (const n of names) {
      const v = where[n];
      if (typeof v === "string" && v.length > 0) return v;
    }
  }
  return undefined;
}

/**
 * The language of a document as its metadata states it: `lang` (winnow's language step),
 * `language`, or the same under `meta` (RedPajama) or `stats` (data-juicer). Undefined when unstated.
 */
export function docLanguage(doc: Doc): string | undefined {
  return field(doc, ["lang", "language"]);
}

/** The license a document's metadata states (`license`, `licence`, also under `meta`). */
export function docLicense(doc: Doc): string | undefined {
  return field(doc, ["license", "licence", "licenses"]);
}
