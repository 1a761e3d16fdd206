import { readArpa } from "./arpa.js";
import type { NgramModel } from "./ngram-model.js";
import { isWlm, readWlm } from "./wlm.js";

/** An n-gram model from a .wlm file (told by its magic, whatever its name) or an ARPA file (.gz allowed). */
export async function loadNgramModel(path: string): Promise<NgramModel> {
  return (await isWlm(path)) ? readWlm(path) : readArpa(path);
}
