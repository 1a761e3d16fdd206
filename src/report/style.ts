/** The page's styles (trusted, inserted as they are): readable tables and charts, no external fonts. */
export const STYLE = `
:root { --fg: #2e3440; --muted: #6b7280; --line: #e5e7eb; --bg: #f8fafc; --accent: #4e79a7; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { background: #1f2937; color: #f9fafb; padding: 18px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header .meta { color: #d1d5db; font-size: 13px; }
header code { color: #f9fafb; }
nav { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 32px; display: flex; flex-wrap: wrap; gap: 4px 18px; }
nav a { color: var(--accent); text-decoration: none; font-weight: 500; }
main { max-width: 1200px; margin: 0 auto; padding: 8px 32px 48px; }
section, h3[id] { scroll-margin-top: 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 24px 20px; margin: 20px 0; }
h2 { margin: 0 0 12px; font-size: 18px; }
h3 { margin: 20px 0 8px; font-size: 15px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 600; }
.card .note { color: var(--muted); font-size: 12px; min-height: 1em; }
.ok { color: #15803d; } .bad { color: #b91c1c; font-weight: 600; }
.hint { color: var(--muted); font-size: 13px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px 24px; align-items: start; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
.chart { position: relative; width: 100%; }
table { border-collapse: collapse; width: 100%; margin: 12px 0 4px; font-size: 13px; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; background: #f9fafb; }
th.n { text-align: right; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:hover { background: #f3f4f6; }
code { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
.doc { border-left: 3px solid var(--line); padding: 4px 12px; margin: 8px 0; }
.doc .meta { color: var(--muted); font-size: 12px; }
.doc .text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; }
.doc .more { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 0 0 24px; }
`;
