/**
 * Markup built with `html` is safe by construction: every interpolated string or number is
 * escaped, and only `Html` values (already built this way) are inserted as they are. Document
 * text and metadata are untrusted, so nothing reaches the page by string concatenation.
 */
export class Html {
  constructor(readonly value: string) {}
}

export type HtmlPart = Html | string | number | null | undefined | false | readonly HtmlPart[];

export function html(strings: TemplateStringsArray, ...parts: HtmlPart[]): Html {
  let out = strings[0];
  for (let i = 0; i < parts.length; i++) out += render(parts[i]) + strings[i + 1];
  return new Html(out);
}

function render(part: HtmlPart): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * JSON for a `<script type="application/json">` block. Inside a script element only `</script`
 * and `<!--` change how the browser parses; with every `<` written as \u003c neither can occur,
 * and JSON.parse reads the same value back.
 */
export function jsonScript(id: string, value: unknown): Html {
  return html`<script type="application/json" id="${id}">${new Html(JSON.stringify(value).replace(/</g, "\\u003c"))}</script>`;
}

/** Trusted script source (ours, chart.js) inlined; a `</script` inside a string literal would end the element early. */
export function inlineScript(source: string): Html {
  return html`<script>${new Html(source.replace(/<\/script/gi, "<\\/script"))}</script>`;
}
