/**
 * The document that flows through every step. On disk it is one JSON object per line
 * (`{"id","text","metadata"}`, the layout datatrove and Hugging Face datasets read) or a
 * Parquet row with the same columns.
 */
export interface Doc {
  /** Stable id: from the input's `id_key`, or `<source-file>#<line-or-row>` when absent. */
  id: string;
  text: string;
  metadata: Record<string, unknown>;
}

/** Why a document left the pipeline; stored as `metadata.removed_by` in `removed/<step>/`. */
export interface Removal {
  step: string;
  reason: string;
  value?: unknown;
}
