import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Doc } from "../core/doc.js";
import type { FileEncoder, OutputFormat } from "./encoder.js";
import { ENCODERS } from "./formats.js";

export interface ShardedWriterOptions {
  dir: string;
  /** `00003`: part 0 is `00003.<ext>`, later parts `00003-1.<ext>`, `00003-2.<ext>`, … */
  prefix: string;
  format: OutputFormat;
  maxFileBytes: number;
  level?: number;
}

/**
 * Writes a task's documents into files of at most about `maxFileBytes`, each under a
 * temporary name until it is complete. Files are opened lazily: no documents, no file.
 */
export class ShardedWriter {
  private encoder: FileEncoder | null = null;
  private tmpPath = "";
  private part = 0;
  count = 0;
  /** Bytes on disk of the parts closed so far. */
  bytes = 0;
  readonly files: string[] = [];

  constructor(private readonly opts: ShardedWriterOptions) {}

  write(doc: Doc): void {
    if (!this.encoder) this.open();
    this.encoder!.add(doc);
    this.count++;
    if (this.encoder!.bytesWritten >= this.opts.maxFileBytes) this.closePart();
  }

  private open(): void {
    mkdirSync(this.opts.dir, { recursive: true });
    const name = `${this.opts.prefix}${this.part === 0 ? "" : `-${this.part}`}.${this.opts.format}`;
    this.tmpPath = join(this.opts.dir, name + ".tmp");
    this.encoder = ENCODERS[this.opts.format](this.tmpPath, { level: this.opts.level, maxFileBytes: this.opts.maxFileBytes });
    this.files.push(join(this.opts.dir, name));
  }

  private closePart(): void {
    if (!this.encoder) return;
    this.encoder.close();
    this.bytes += this.encoder.bytesWritten;
    renameSync(this.tmpPath, this.files[this.files.length - 1]);
    this.encoder = null;
    this.part++;
  }

  /** Completes the last file; returns every file written. */
  close(): string[] {
    this.closePart();
    return this.files;
  }

  abort(): void {
    if (this.encoder) {
      this.encoder.abort();
      rmSync(this.tmpPath, { force: true });
      this.encoder = null;
    }
  }
}
