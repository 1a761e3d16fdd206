import cliProgress from "cli-progress";
import { formatBytes } from "../io/bytes.js";

/**
 * Progress of a run: a bar with docs/s, MB/s and ETA on a terminal, a plain line every
 * `intervalSeconds` otherwise (CI logs, Slurm output). Rates count only this invocation's work.
 */
export class Progress {
  private readonly started = Date.now();
  private readonly perTask = new Map<number, { docs: number; bytes: number }>();
  private doneDocs = 0;
  private doneBytes = 0;
  private tasksDone = 0;
  private bar: cliProgress.SingleBar | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly totalBytes: number,
    private readonly totalTasks: number,
    private readonly stream: NodeJS.WriteStream,
    mode: "bar" | "lines" | "off",
    private readonly label = "",
    intervalSeconds = 10,
  ) {
    if (mode === "bar") {
      this.bar = new cliProgress.SingleBar(
        {
          stream: stream,
          format: label + "{bar} {percentage}% | {docs} docs | {docsRate} docs/s | {mbRate} MB/s | ETA {eta_formatted} | tasks {tasks}",
          hideCursor: true,
          etaBuffer: 50,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(Math.max(1, totalBytes), 0, this.payload());
    } else if (mode === "lines") {
      this.timer = setInterval(() => stream.write(this.line() + "\n"), intervalSeconds * 1000);
      this.timer.unref();
    }
  }

  update(task: number, docs: number, bytes: number): void {
    this.perTask.set(task, { docs, bytes });
    this.render();
  }

  finishTask(task: number, docs: number, bytes: number): void {
    this.perTask.delete(task);
    this.doneDocs += docs;
    this.doneBytes += bytes;
    this.tasksDone++;
    this.render();
  }

  /** A task that stopped without finishing: its partial progress no longer counts. */
  dropTask(task: number): void {
    this.perTask.delete(task);
    this.render();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.bar) {
      this.bar.update(this.bytes(), this.payload());
      this.bar.stop();
    }
  }

  private bytes(): number {
    let b = this.doneBytes;
    for (const t of this.perTask.values()) b += t.bytes;
    return b;
  }

  private docs(): number {
    let d = this.doneDocs;
    for (const t of this.perTask.values()) d += t.docs;
    return d;
  }

  private payload() {
    const secs = Math.max(1e-3, (Date.now() - this.started) / 1000);
    return {
      docs: this.docs().toLocaleString("en-US"),
      docsRate: Math.round(this.docs() / secs).toLocaleString("en-US"),
      mbRate: (this.bytes() / 1e6 / secs).toFixed(1),
      tasks: `${this.tasksDone}/${this.totalTasks}`,
    };
  }

  private render(): void {
    this.bar?.update(this.bytes(), this.payload());
  }

  private line(): string {
    const p = this.payload();
    const secs = (Date.now() - this.started) / 1000;
    const bytes = this.bytes();
    const rate = bytes / Math.max(secs, 1e-3);
    const eta = rate > 0 ? Math.max(0, (this.totalBytes - bytes) / rate) : NaN;
    const pct = this.totalBytes > 0 ? ((100 * bytes) / this.totalBytes).toFixed(1) : "0.0";
    return `progress ${this.label}${pct}% | ${formatBytes(bytes)} of ${formatBytes(this.totalBytes)} | ${p.docs} docs | ${p.docsRate} docs/s | ${p.mbRate} MB/s | ETA ${Number.isFinite(eta) ? formatDuration(eta) : "?"} | tasks ${p.tasks}`;
  }
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
