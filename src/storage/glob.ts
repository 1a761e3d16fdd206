/** Whether a URL has glob characters: such inputs are listed and matched. */
export function hasGlob(url: string): boolean {
  return /[*?[{]/.test(url);
}

/** The part of a glob before its first wildcard: what to list. */
export function globPrefix(url: string): string {
  const i = url.search(/[*?[{]/);
  return i === -1 ? url : url.slice(0, i);
}

/**
 * A glob as a regular expression over whole URLs: `*` and `?` stay within one path segment,
 * `**` crosses segments, `{a,b}` alternates and `[…]` is a character class — the syntax of
 * shell and tinyglobby patterns, applied to object keys (which have no directories).
 */
export function globRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        i++;
        if (glob[i + 1] === "/") {
          i++;
          re += "(?:.*/)?";
        } else re += ".*";
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const close = glob.indexOf("}", i);
      if (close === -1) re += "\\{";
      else {
        re += `(?:${glob.slice(i + 1, close).split(",").map(escape).join("|")})`;
        i = close;
      }
    } else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close === -1) re += "\\[";
      else {
        re += `[${glob.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, "\\$&");
}
