import { resolve } from "node:path";
import { FastTextModel } from "./model.js";

/** One load per model file and thread (module state is per worker thread). */
const loaded = new Map<string, Promise<FastTextModel>>();

/**
 * The model at `path`, loaded once per worker and shared by every step that names it:
 * `predict` is synchronous, so no two calls ever share its scratch buffers at once.
 * A failed load is forgotten, so that a later step may retry.
 */
export function sharedModel(path: string): Promise<FastTextModel> {
  const key = resolve(path);
  let model = loaded.get(key);
  if (!model) {
    model = FastTextModel.load(key);
    loaded.set(key, model);
    model.catch(() => loaded.delete(key));
  }
  return model;
}
