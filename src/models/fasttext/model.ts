import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { readArgs, type ModelArgs } from "./args.js";
import { BinaryReader } from "./binary-reader.js";
import { Dictionary } from "./dictionary.js";
import { InputLayer } from "./input-layer.js";
import { readMatrix } from "./matrix.js";
import { createOutputLayer, type OutputLayer } from "./output-layer.js";
import { TopK } from "./top-k.js";

export interface Prediction {
  /** The label as stored in the model, e.g. `__label__en`. */
  label: string;
  /**
   * As fastText reports it: exp(log(p + 1e-5)), so a certain prediction reads 1.00001, and
   * with `-loss hs` the offset is applied at every tree node.
   */
  probability: number;
}

/**
 * A supervised fastText model (`.bin`, or `.ftz` quantized) read from its file and run in
 * plain TypeScript; predictions equal the fastText 0.9.2 `predict-prob` command's, labels
 * and tie order included (float32 arithmetic is reproduced step for step).
 * Not safe to share across threads (it reuses buffers), but one instance serves any number
 * of callers in a thread, since `predict` is synchronous.
 *
 * @example
 * const lid = await FastTextModel.load("lid.176.ftz");
 * lid.predict("Das ist ein Satz.", 1); // [{ label: "__label__de", probability: 1.00003 }]
 */
export class FastTextModel {
  /** Label strings in output order. */
  readonly labels: readonly string[];
  readonly args: Readonly<ModelArgs>;
  private readonly inputLayer: InputLayer;
  private readonly outputLayer: OutputLayer;
  private readonly hidden: Float32Array;
  private readonly top: TopK;

  private constructor(bytes: Uint8Array, source: string) {
    // src/fasttext.cc `loadModel`: args, dictionary, bool quant_input, input matrix,
    // bool qout, output matrix (quantized only when the input is too).
    const r = new BinaryReader(bytes, source);
    const args = readArgs(r);
    const dict = new Dictionary(r, args);
    const quantInput = r.bool();
    const input = readMatrix(r, quantInput);
    const qout = r.bool();
    const output = readMatrix(r, quantInput && qout);
    if (r.offset !== bytes.length) r.fail("trailing bytes after the output matrix");
    if (input.cols !== args.dim || output.cols !== args.dim) r.fail("matrix width differs from dim");
    if (input.rows !== dict.nwords + dict.ngramRowCount) r.fail("input matrix rows differ from the dictionary");
    if (output.rows !== dict.nlabels) r.fail("output matrix rows differ from the label count");
    this.args = args;
    this.labels = dict.labels;
    this.inputLayer = new InputLayer(args, dict, input);
    this.outputLayer = createOutputLayer(args.loss, output, dict.labelCounts);
    this.hidden = new Float32Array(args.dim);
    this.top = new TopK(dict.nlabels);
  }

  static async load(path: string): Promise<FastTextModel> {
    return new FastTextModel(await readFile(path), path);
  }

  static loadSync(path: string): FastTextModel {
    return new FastTextModel(readFileSync(path), path);
  }

  /** From the bytes of a model file; `source` names it in errors. */
  static fromBytes(bytes: Uint8Array, source = "fastText model"): FastTextModel {
    return new FastTextModel(bytes, source);
  }

  /**
   * The `k` most probable labels (all with k = -1) of probability ≥ `threshold`, best
   * first, like `fasttext predict-prob` on `text` as one line (see `InputLayer.compute` for
   * newlines). Empty when nothing of the text is known to the model.
   */
  predict(text: string, k = 1, threshold = 0): Prediction[] {
    if (k !== -1 && !(Number.isInteger(k) && k > 0)) throw new RangeError(`k must be a positive integer or -1, got ${k}`);
    if (this.inputLayer.compute(text, this.hidden) === 0) return [];
    const top = this.top;
    top.reset(k === -1 ? this.labels.length : k);
    this.outputLayer.predict(this.hidden, threshold, top);
    const out: Prediction[] = new Array(top.size);
    for (let i = 0; i < top.size; i++) out[i] = { label: this.labels[top.labels[i]], probability: Math.exp(top.scores[i]) };
    return out;
  }
}
