import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DTYPE_BYTES, packTokens, type TokenDtype } from "./dtype.js";
import type { TokenLayout } from "./formats.js";
import { TempFile } from "./temp-file.js";
import type { TokenRun } from "./token-list.js";

export interface TokenShardOptions {
  dir: string;
  /** `00003`: part 0 is `00003.<ext>`, later parts `00003-1.<ext>`, … as in `output/`. */
  prefix: string;
  layout: TokenLayout;
  dtype: TokenDtype;
  maxFileBytes: number;
}

/**
 * Writes a task's documents as token files split at document boundaries once a data file
 * reaches `maxFileBytes`. Each part is a self-contained dataset: its index counts from 0.
 * The data file is renamed first and the index last, so a complete index means a complete part.
 */
export class TokenShardWriter {
  private data: TempFile | null = null;
  private lengths: number[] = [];
  private part = 0;
  private packed: Uint8Array = new Uint8Array(1 << 16);
  /** Final paths of every file completed so far. */
  readonly files: string[] = [];

  constructor(private readonly opts: TokenShardOptions) {}

  write(doc: TokenRun): void {
    const data = this.data ?? this.open();
    this.packed = packTokens(doc, this.opts.dtype, this.packed);
    data.write(this.packed.subarray(0, doc.length * DTYPE_BYTES[this.opts.dtype]));
    if (this.opts.layout.index) this.lengths.push(doc.length);
    if (data.bytes >= this.opts.maxFileBytes) this.closePart();
  }

  /** Completes the last part; returns every file written. */
  close(): string[] {
    this.closePart();
    return this.files;
  }

  abort(): void {
    this.data?.abort();
    this.data = null;
  }

  private base(): string {
    return join(this.opts.dir, this.part === 0 ? this.opts.prefix : `${this.opts.prefix}-${this.part}`);
  }

  private open(): TempFile {
    mkdirSync(this.opts.dir, { recursive: true });
    this.data = new TempFile(`${this.base()}.${this.opts.layout.dataExt}`);
    return this.data;
  }

  private closePart(): void {
    if (!this.data) return;
    this.data.complete();
    this.files.push(this.data.path);
    const index = this.opts.layout.index;
    if (index) {
      const file = new TempFile(`${this.base()}.${index.ext}`);
      file.write(index.build(this.lengths, this.opts.dtype));
      file.complete();
      this.files.push(file.path);
    }
    this.data = null;
    this.lengths = [];
    this.part++;
  }
}
