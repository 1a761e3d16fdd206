import { resolve } from "node:path";
import { loadNgramModel } from "./load-model.js";
import type { NgramModel } from "./ngram-model.js";

/** One load per model file and worker thread (module state is per thread). */
const loaded = new Map<string, Promise<NgramModel>>();

/**
 * The n-gram model (ARPA or .wlm) at `path`, loaded once per worker and shared by every step naming it:
 * `score` is synchronous, so no two calls share its scratch buffers at once.
 * A failed load is forgotten, so that a later step may retry.
 */
export function sharedNgramModel(path: string): Promise<NgramModel> {
  const key = resolve(path);
  let model = loaded.get(key);
  if (!model) {
    model = loadNgramModel(key);
    loaded.set(key, model);
    model.catch(() => loaded.delete(key));
  }
  return model;
}
