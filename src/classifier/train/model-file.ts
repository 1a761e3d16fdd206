import { closeSync, openSync, renameSync, writeSync } from "node:fs";
import { BinaryWriter } from "./binary-writer.js";
import type { TrainOptions } from "./options.js";
import type { Weights } from "./sgd.js";
import { writeDictionary, type Vocabulary } from "./vocabulary.js";

/** `FastText::signModel`: magic and format version 12 (fastText 0.9.x). */
const MAGIC = 793712314;
const VERSION = 12;
const LOSS_ID = { hs: 1, ns: 2, softmax: 3, ova: 4 } as const;
const MODEL_SUPERVISED = 3;
/** Stored but unused by supervised training: fastText's `-ws`, `-neg` and `-t` defaults. */
const WS = 5;
const NEG = 5;
const T = 1e-4;

/** Header, `Args::save` and `Dictionary::save` of a supervised model. */
export function modelHeader(o: TrainOptions, vocab: Vocabulary): Uint8Array {
  const w = new BinaryWriter();
  w.int32(MAGIC);
  w.int32(VERSION);
  for (const v of [o.dim, WS, o.epoch, o.minCount, NEG, o.wordNgrams, LOSS_ID[o.loss], MODEL_SUPERVISED, o.bucket, o.minn, o.maxn, o.lrUpdateRate]) w.int32(v);
  w.float64(T);
  writeDictionary(w, vocab);
  return w.bytes();
}

function matrixHeader(rows: number, cols: number, quantFlag: boolean): Uint8Array {
  const w = new BinaryWriter();
  w.uint8(quantFlag ? 1 : 0);
  w.int64(rows);
  w.int64(cols);
  return w.bytes();
}

/**
 * Writes the model in fastText's `.bin` format (`FastText::saveModel`): header, args,
 * dictionary, `quant_input` false, the input matrix (int64 rows, int64 cols, float32s),
 * `qout` false, the output matrix. Little-endian, as fastText writes on x86 and ARM.
 * The file appears under its name only once complete (temp name + rename).
 */
export function writeModelFile(path: string, o: TrainOptions, vocab: Vocabulary, w: Weights): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  try {
    const write = (b: Uint8Array) => {
      for (let at = 0; at < b.length; ) at += writeSync(fd, b, at, b.length - at);
    };
    const floats = (f: Float32Array) => {
      // 16 MB slices: a big input matrix is written without one huge write call.
      const bytes = new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
      for (let at = 0; at < bytes.length; at += 1 << 24) write(bytes.subarray(at, Math.min(bytes.length, at + (1 << 24))));
    };
    write(modelHeader(o, vocab));
    write(matrixHeader(w.inputRows, w.dim, false));
    floats(w.input);
    write(matrixHeader(w.outputRows, w.dim, false));
    floats(w.output);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
