/**
 * The two hot loops of fastText inference as a tiny WebAssembly module, assembled here from
 * its opcodes (no toolchain, nothing to download):
 *
 * - `sum_rows`: hidden += each listed matrix row, in list order, four float32 lanes at a time
 *   (`f32x4.add` is IEEE float32 addition per lane, so the sum is fastText's to the bit);
 * - `ngram_buckets`: word n-gram buckets from token hashes with native 64-bit arithmetic
 *   (`Dictionary::addWordNgrams`: h = h * 116049371 + int64(hash), bucket = h mod `bucket`),
 *   which JavaScript can only emulate with 16-bit halves.
 *
 * Text form of the module, for review:
 *
 *   (func $sum_rows (param $mat $stride $rows $n $hidden $vecs i32)
 *     ;; for r in rows[0..n): for k in 0..vecs: hidden[k] = f32x4.add(hidden[k], row_r[k]),
 *     ;; four rows per pass over hidden (((h + a) + b) + c) + d, so that their loads overlap)
 *   (func $ngram_buckets (param $hashes $n $maxLen $bucket $out $offset i32) (result i32)
 *     ;; for i: h = i64(hashes[i]); for j in i+1 .. min(n, i+maxLen)-1:
 *     ;;   h = h * 116049371 + i64(hashes[j]); *out++ = u64(h) % bucket + offset
 *     ;; returns how many were written)
 */

const enum Op {
  block = 0x02,
  loop = 0x03,
  if = 0x04,
  end = 0x0b,
  br = 0x0c,
  brIf = 0x0d,
  localGet = 0x20,
  localSet = 0x21,
  localTee = 0x22,
  i32Load = 0x28,
  i32Store = 0x36,
  i32Const = 0x41,
  i64Const = 0x42,
  i32GtS = 0x4a,
  i32GeS = 0x4e,
  i32GeU = 0x4f,
  i32LtU = 0x49,
  i32Add = 0x6a,
  i32Sub = 0x6b,
  i32Mul = 0x6c,
  i32Shl = 0x74,
  i32ShrU = 0x76,
  i64Add = 0x7c,
  i64Mul = 0x7e,
  i64RemU = 0x82,
  i32WrapI64 = 0xa7,
  i64ExtendI32S = 0xac,
  i64ExtendI32U = 0xad,
  simd = 0xfd,
}
const I32 = 0x7f;
const I64 = 0x7e;
const VOID = 0x40;
/** memarg: alignment 2^2 (i32) or 2^4 (v128), offset 0. */
const ALIGN4 = [2, 0];
const ALIGN16 = [4, 0];
const V128_LOAD = [Op.simd, 0x00, ...ALIGN16];
const V128_STORE = [Op.simd, 0x0b, ...ALIGN16];
const F32X4_ADD = [Op.simd, 0xe4, 0x01];

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n = Math.floor(n / 128);
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const get = (i: number) => [Op.localGet, i];
const set = (i: number) => [Op.localSet, i];
const tee = (i: number) => [Op.localTee, i];
const i32 = (n: number) => [Op.i32Const, ...sleb(n)];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => vec([...s].map((c) => [c.charCodeAt(0)]));

function body(locals: number[][], code: number[]): number[] {
  const b = [...vec(locals), ...code, Op.end];
  return [...uleb(b.length), ...b];
}

// sum_rows params: 0 mat, 1 stride (bytes), 2 rows (pointer), 3 n, 4 hidden, 5 vecs;
// locals: 6 k, 7 rowBytes, 8 rowsEnd, 9..12 the bases of up to four rows.
/** local = mat + rows[slot] * stride (an i32.load at offset slot·4). */
const rowBase = (slot: number, local: number) => [...get(0), ...get(2), Op.i32Load, 2, ...uleb(slot * 4), ...get(1), Op.i32Mul, Op.i32Add, ...set(local)];
/** For k in 0..rowBytes step 16: hidden[k] = (…(hidden[k] + row_1[k]) + …) + row_m[k], the rows' bases in `bases`. */
const addRows = (bases: number[]) => [
  ...i32(0), ...set(6),
  Op.loop, VOID,
  ...get(4), ...get(6), Op.i32Add,
  ...get(4), ...get(6), Op.i32Add, ...V128_LOAD,
  ...bases.flatMap((b) => [...get(b), ...get(6), Op.i32Add, ...V128_LOAD, ...F32X4_ADD]),
  ...V128_STORE,
  ...get(6), ...i32(16), Op.i32Add, ...tee(6), ...get(7), Op.i32LtU, Op.brIf, 0,
  Op.end,
];
const sumRows = body(
  [[7, I32]],
  [
    ...get(5), ...i32(4), Op.i32Shl, ...set(7),
    ...get(2), ...get(3), ...i32(2), Op.i32Shl, Op.i32Add, ...set(8),
    // Four rows per pass over `hidden`, added in list order: the four rows' loads overlap.
    Op.block, VOID,
    Op.loop, VOID,
    ...get(8), ...get(2), Op.i32Sub, ...i32(16), Op.i32LtU, Op.brIf, 1,
    ...rowBase(0, 9), ...rowBase(1, 10), ...rowBase(2, 11), ...rowBase(3, 12),
    ...addRows([9, 10, 11, 12]),
    ...get(2), ...i32(16), Op.i32Add, ...set(2),
    Op.br, 0,
    Op.end,
    Op.end,
    // The last rows one at a time.
    Op.block, VOID,
    Op.loop, VOID,
    ...get(2), ...get(8), Op.i32GeU, Op.brIf, 1,
    ...rowBase(0, 9),
    ...addRows([9]),
    ...get(2), ...i32(4), Op.i32Add, ...set(2),
    Op.br, 0,
    Op.end,
    Op.end,
  ],
);

// ngram_buckets params: 0 hashes, 1 n, 2 maxLen, 3 bucket, 4 out, 5 offset;
// locals: 6 i, 7 j, 8 jEnd, 9 outAt (i32); 10 h, 11 bucket64 (i64).
const hashAt = (index: number) => [...get(0), ...get(index), ...i32(2), Op.i32Shl, Op.i32Add, Op.i32Load, ...ALIGN4, Op.i64ExtendI32S];
const ngramBuckets = body(
  [
    [4, I32],
    [2, I64],
  ],
  [
    ...get(3), Op.i64ExtendI32U, ...set(11),
    ...get(4), ...set(9),
    ...i32(0), ...set(6),
    Op.block, VOID,
    Op.loop, VOID,
    ...get(6), ...get(1), Op.i32GeS, Op.brIf, 1,
    ...hashAt(6), ...set(10),
    ...get(6), ...get(2), Op.i32Add, ...tee(8), ...get(1), Op.i32GtS, Op.if, VOID, ...get(1), ...set(8), Op.end,
    ...get(6), ...i32(1), Op.i32Add, ...set(7),
    Op.block, VOID,
    Op.loop, VOID,
    ...get(7), ...get(8), Op.i32GeS, Op.brIf, 1,
    ...get(10), Op.i64Const, ...sleb(116049371), Op.i64Mul, ...hashAt(7), Op.i64Add, ...set(10),
    ...get(9), ...get(10), ...get(11), Op.i64RemU, Op.i32WrapI64, ...get(5), Op.i32Add, Op.i32Store, ...ALIGN4,
    ...get(9), ...i32(4), Op.i32Add, ...set(9),
    ...get(7), ...i32(1), Op.i32Add, ...set(7),
    Op.br, 0,
    Op.end,
    Op.end,
    ...get(6), ...i32(1), Op.i32Add, ...set(6),
    Op.br, 0,
    Op.end,
    Op.end,
    ...get(9), ...get(4), Op.i32Sub, ...i32(2), Op.i32ShrU,
  ],
);

const SIX_I32 = [I32, I32, I32, I32, I32, I32];
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([[0x60, ...vec(SIX_I32.map((t) => [t])), 0], [0x60, ...vec(SIX_I32.map((t) => [t])), 1, I32]])),
  ...section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x00, 0x01]])),
  ...section(3, vec([[0], [1]])),
  ...section(7, vec([[...name("sum_rows"), 0x00, 0], [...name("ngram_buckets"), 0x00, 1]])),
  ...section(10, vec([sumRows, ngramBuckets])),
]);

/** The parts of the WebAssembly API used here (Node's types leave it to the DOM library). */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: object;
  }
  class Memory {
    constructor(descriptor: { initial: number });
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}

interface KernelExports {
  sum_rows(mat: number, stride: number, rows: number, n: number, hidden: number, vecs: number): void;
  ngram_buckets(hashes: number, n: number, maxLen: number, bucket: number, out: number, offset: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (callers then use JavaScript). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(MODULE);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const PAGE = 65536;
/** Matrices beyond this stay in JavaScript: wasm32 memory ends at 4 GiB and the copy doubles memory while loading. */
const MAX_MATRIX_BYTES = 2 ** 31;

/**
 * A growable wasm memory and an instance over it. Growing detaches the old buffer, so
 * typed-array views are taken after `reserve`.
 */
class KernelMemory {
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;

  constructor(bytes: number, module: WebAssembly.Module) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as KernelExports;
  }

  /** Makes the memory at least `bytes` long; true when it grew (views must be renewed). */
  reserve(bytes: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return false;
    this.memory.grow(Math.ceil((Math.max(bytes, have * 1.5) - have) / PAGE));
    return true;
  }
}

/**
 * A dense float32 matrix copied into wasm memory, rows padded to a multiple of four floats
 * (the padding is zero, so it adds nothing), with the sum of listed rows done by `sum_rows`.
 */
export class WasmRowSum {
  private readonly stride: number;
  private readonly hiddenAt: number;
  private readonly idsAt: number;
  private ids: Int32Array;
  private hidden: Float32Array;
  private matrix: Float32Array;

  private constructor(
    private readonly mem: KernelMemory,
    private readonly cols: number,
    matrixBytes: number,
  ) {
    this.stride = Math.ceil(cols / 4) * 16;
    this.hiddenAt = matrixBytes;
    this.idsAt = matrixBytes + this.stride;
    this.ids = new Int32Array(0);
    this.hidden = new Float32Array(0);
    this.matrix = new Float32Array(0);
    this.views();
  }

  /** The kernel over a copy of `data` (`rows` × `cols`), or null without WebAssembly SIMD or when too large. */
  static create(data: Float32Array, rows: number, cols: number): WasmRowSum | null {
    const module = kernelModule();
    const stride = Math.ceil(cols / 4) * 16;
    const matrixBytes = rows * stride;
    if (!module || cols === 0 || matrixBytes > MAX_MATRIX_BYTES) return null;
    let mem: KernelMemory;
    try {
      mem = new KernelMemory(matrixBytes + stride + 4096 * 4, module);
    } catch {
      return null; // no memory that large: JavaScript sums the rows
    }
    const matrix = new Float32Array(mem.memory.buffer, 0, matrixBytes / 4);
    if (stride === cols * 4) matrix.set(data);
    else for (let i = 0; i < rows; i++) matrix.set(data.subarray(i * cols, (i + 1) * cols), (i * stride) / 4);
    return new WasmRowSum(mem, cols, matrixBytes);
  }

  private views(): void {
    const buffer = this.mem.memory.buffer;
    this.matrix = new Float32Array(buffer, 0, this.hiddenAt >> 2);
    this.hidden = new Float32Array(buffer, this.hiddenAt, this.cols);
    this.ids = new Int32Array(buffer, this.idsAt, (buffer.byteLength - this.idsAt) >> 2);
  }

  /** `out += ` rows `ids[0, n)`, in that order. */
  sumRows(ids: Int32Array, n: number, out: Float32Array): void {
    if (n > this.ids.length && this.mem.reserve(this.idsAt + n * 4)) this.views();
    for (let i = 0; i < n; i++) this.ids[i] = ids[i];
    this.hidden.set(out);
    this.mem.exports.sum_rows(0, this.stride, this.idsAt, n, this.hiddenAt, this.stride >> 4);
    out.set(this.hidden);
  }

  /** row `i` · vec in float32, as `DenseMatrix.dotRow`. */
  dotRow(vec: Float32Array, i: number): number {
    const { matrix, cols } = this;
    let d = 0;
    for (let j = 0, at = (i * this.stride) >> 2; j < cols; j++, at++) d = Math.fround(d + Math.fround(matrix[at] * vec[j]));
    return d;
  }
}

/** Word n-gram buckets (`Dictionary::addWordNgrams`) by `ngram_buckets`, or null without WebAssembly. */
export class WasmNgramBuckets {
  private hashes = new Int32Array(0);
  private out = new Int32Array(0);
  private capacity = 0;

  private constructor(private readonly mem: KernelMemory) {}

  static create(): WasmNgramBuckets | null {
    const module = kernelModule();
    return module ? new WasmNgramBuckets(new KernelMemory(PAGE, module)) : null;
  }

  /**
   * Writes `offset + bucket` of every run of 2..maxLen consecutive hashes of `hashes[0, n)`
   * into `out` from `at`, which must have room for n·(maxLen−1); returns the index after the last.
   */
  buckets(hashes: Int32Array, n: number, maxLen: number, bucket: number, offset: number, out: Int32Array, at: number): number {
    const need = n * maxLen;
    if (need > this.capacity) {
      this.mem.reserve(need * 8);
      this.capacity = this.mem.memory.buffer.byteLength >> 3;
      this.hashes = new Int32Array(this.mem.memory.buffer, 0, this.capacity);
      this.out = new Int32Array(this.mem.memory.buffer, this.capacity * 4, this.capacity);
    }
    for (let i = 0; i < n; i++) this.hashes[i] = hashes[i];
    const count = this.mem.exports.ngram_buckets(0, n, maxLen, bucket, this.capacity * 4, offset);
    for (let i = 0; i < count; i++) out[at + i] = this.out[i];
    return at + count;
  }
}
