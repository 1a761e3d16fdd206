import { existsSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { isInside } from "./run-files.js";

export type Resolved = { path: string } | { status: 400 | 403 | 404; message: string };

/**
 * The file of the run directory a `/run/<path>` URL names, refusing anything that could leave
 * it: `..` or `.` segments, encoded separators or dots (decoded once; a `%` left after decoding
 * is a double encoding and refused), backslashes, NUL, absolute paths, and links that resolve
 * outside `root` (a real path).
 */
export function resolveRunPath(root: string, rawPath: string): Resolved {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { status: 400, message: "malformed path" };
  }
  if (decoded === "" || decoded.includes("\0") || decoded.includes("\\") || decoded.includes("%")) return { status: 400, message: "bad path" };
  if (decoded.startsWith("/") || /^[a-zA-Z]:/.test(decoded)) return { status: 400, message: "absolute paths are refused" };
  if (decoded.split("/").some((s) => s === ".." || s === "." || s === "")) return { status: 400, message: "path segments . and .. are refused" };
  const path = join(root, ...decoded.split("/"));
  if (!path.startsWith(root + sep)) return { status: 400, message: "outside the run directory" };
  if (!existsSync(path)) return { status: 404, message: "not found" };
  if (!isInside(root, path)) return { status: 403, message: "links out of the run directory are not followed" };
  if (!statSync(path).isFile()) return { status: 404, message: "not a file" };
  return { path };
}
