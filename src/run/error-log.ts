import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/** One line of `errors/<task>.jsonl`. */
export interface ErrorRecord {
  source?: string;
  line?: number;
  offset?: number;
  step?: string;
  id?: string;
  message: string;
  excerpt?: string;
}

/** Appends error records to a task's error file, created on the first error, renamed into place on close. */
export class ErrorLog {
  private fd = -1;
  count = 0;

  constructor(private readonly path: string) {}

  add(record: ErrorRecord): void {
    if (this.fd === -1) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.path + ".tmp", "w");
    }
    writeSync(this.fd, JSON.stringify(record) + "\n");
    this.count++;
  }

  close(): void {
    if (this.fd === -1) return;
    closeSync(this.fd);
    renameSync(this.path + ".tmp", this.path);
    this.fd = -1;
  }

  abort(): void {
    if (this.fd === -1) return;
    closeSync(this.fd);
    rmSync(this.path + ".tmp", { force: true });
    this.fd = -1;
  }
}
