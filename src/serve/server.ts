import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import { basename } from "node:path";
import { UserError } from "../core/errors.js";
import { explain, relatedDocs } from "./explain.js";
import { CLIENT_CSS, CLIENT_SCRIPT, PAGE_HTML } from "./page.js";
import { toDoc } from "./run-files.js";
import { NotFound, RunIndex, type Address } from "./run-index.js";
import { resolveRunPath } from "./run-path.js";
import { marginSamples, whatIfData } from "./what-if.js";

export interface ServeOptions {
  runDir: string;
  port: number;
  host: string;
  allowRemote: boolean;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The app's own pages: scripts and styles from this server only, nothing inline, no frames, no plugins. */
const APP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** report.html has its own inline script and chart.js: allowed, in a sandbox (an opaque origin that cannot call the API). */
const REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; sandbox allow-scripts";
const PAGE_LIMIT = 200;

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  return isIP(h) === 4 && h.startsWith("127.");
}

/** Starts the explorer; resolves once it listens. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  if (!isLoopback(opts.host) && !opts.allowRemote) {
    throw new UserError(
      `--host ${opts.host} is not a loopback address: anyone who can reach it could read the run's documents. Add --allow-remote to bind it anyway.`,
    );
  }
  const index = RunIndex.open(opts.runDir);
  const server = createServer((req, res) => {
    handle(index, opts, req, res).catch((err: unknown) => {
      if (err instanceof NotFound) send(res, 404, "text/plain; charset=utf-8", err.message);
      else {
        process.stderr.write(`winnow serve: ${req.url}: ${(err as Error).stack ?? String(err)}\n`);
        if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "internal error");
        else res.destroy();
      }
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      fail(err.code === "EADDRINUSE" ? new UserError(`port ${opts.port} on ${opts.host} is in use (--port 0 picks a free one)`) : err),
    );
    server.listen(opts.port, opts.host, () => ok());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const host = opts.host.includes(":") && !opts.host.startsWith("[") ? `[${opts.host}]` : opts.host;
  return {
    server,
    url: `http://${host}:${port}/`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, csp = APP_CSP): void {
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
  });
  res.end(body);
}

function json(res: ServerResponse, value: unknown): void {
  send(res, 200, "application/json; charset=utf-8", JSON.stringify(value));
}

function address(q: URLSearchParams): Address {
  return { c: q.get("c") ?? "", f: Number(q.get("f")), i: Number(q.get("i")) };
}

async function handle(index: RunIndex, opts: ServeOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain; charset=utf-8", "only GET");
  // On loopback, a Host header naming another host is a DNS-rebinding page talking to us: refused.
  const hostHeader = (req.headers.host ?? "").replace(/:\d+$/, "");
  if (!opts.allowRemote && !isLoopback(hostHeader)) return send(res, 403, "text/plain; charset=utf-8", "unexpected Host header");
  const raw = req.url ?? "/";
  const rawPath = raw.split("?")[0];
  if (rawPath.startsWith("/run/")) return serveRunFile(index, rawPath.slice("/run/".length), res);
  const url = new URL(raw, "http://localhost");
  const q = url.searchParams;
  switch (url.pathname) {
    case "/":
      return send(res, 200, "text/html; charset=utf-8", PAGE_HTML);
    case "/app.js":
      return send(res, 200, "text/javascript; charset=utf-8", CLIENT_SCRIPT);
    case "/app.css":
      return send(res, 200, "text/css; charset=utf-8", CLIENT_CSS);
    case "/favicon.ico":
      res.writeHead(204, { "Content-Security-Policy": APP_CSP }).end();
      return;
    case "/api/run":
      return json(res, {
        name: index.manifest.config.name,
        dir: basename(index.root),
        steps: index.steps.map((s) => ({ instance: s.instance, step: s.step, options: s.options })),
        collections: index.collections(),
        stats: index.stats ? { read: index.stats.read, kept: index.stats.kept, errors: index.stats.errors } : null,
      });
    case "/api/list": {
      const c = q.get("c") ?? "kept";
      const limit = Math.min(PAGE_LIMIT, Math.max(1, Number(q.get("limit") ?? 50) || 50));
      return json(res, await index.page(c, { cursor: q.get("cursor") ?? undefined, limit, reason: q.get("reason") || undefined, q: q.get("q") || undefined }));
    }
    case "/api/doc": {
      const a = address(q);
      const record = await index.record(a);
      const base = { address: a, file: index.fileOf(a) };
      if (index.collection(a.c).kind === "errors") return json(res, { ...base, error: record });
      const doc = toDoc(record);
      return json(res, { ...base, doc, explanation: explain(index, doc) });
    }
    case "/api/related": {
      const a = address(q);
      if (index.collection(a.c).kind === "errors") return json(res, []);
      return json(res, await relatedDocs(index, toDoc(await index.record(a))));
    }
    case "/api/whatif":
      return json(res, await whatIfData(index));
    case "/api/margin": {
      const values = q.getAll("v").map(Number).filter(Number.isFinite).slice(0, 2);
      return json(res, await marginSamples(index, q.get("signal") ?? "", values, 3));
    }
    default:
      throw new NotFound("not found");
  }
}

/** A file of the run directory (report.html, stats.json, …), never anything outside it. */
function serveRunFile(index: RunIndex, rawPath: string, res: ServerResponse): void {
  const r = resolveRunPath(index.root, rawPath);
  if ("status" in r) return send(res, r.status, "text/plain; charset=utf-8", r.message);
  const name = basename(r.path);
  const type = name.endsWith(".html")
    ? "text/html; charset=utf-8"
    : name.endsWith(".json")
      ? "application/json; charset=utf-8"
      : /\.(jsonl|txt|log|yaml)$/.test(name)
        ? "text/plain; charset=utf-8"
        : "application/octet-stream";
  const headers: Record<string, string> = {
    "Content-Type": type,
    "Content-Security-Policy": name.endsWith(".html") ? REPORT_CSP : APP_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
  };
  if (type === "application/octet-stream") headers["Content-Disposition"] = "attachment";
  res.writeHead(200, headers);
  createReadStream(r.path).on("error", () => res.destroy()).pipe(res);
}
