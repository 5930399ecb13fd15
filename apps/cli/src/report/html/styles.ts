/** The page's whole stylesheet, inlined so the report is one file that opens anywhere. */
export const STYLES = `
:root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --panel: #ffffff; --page: #f8fafc; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 40px; }
header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 650; letter-spacing: -0.01em; }
header p { margin: 0; color: var(--muted); }
h2 { margin: 0 0 10px; font-size: 15px; font-weight: 650; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(440px, 100%), 1fr)); gap: 16px; margin-top: 20px; }
.grid-2.tables { align-items: start; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; margin: 0; min-width: 0; }
.card.wide { grid-column: 1 / -1; }
.chart-title { font-size: 14px; font-weight: 650; overflow-wrap: anywhere; }
ul.legend { list-style: none; margin: 6px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 16px;
  font-size: 12px; color: #334155; }
ul.legend li { display: flex; align-items: center; gap: 6px; min-width: 0; overflow-wrap: anywhere; }
.swatch { flex: none; display: inline-block; }
.swatch.line, .swatch.dashed { width: 16px; border-top: 2.5px solid var(--c); }
.swatch.dashed { border-top-style: dashed; }
.swatch.filled { width: 12px; height: 10px; background: var(--c); opacity: 0.6; outline: 1px solid var(--c); }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: #94a3b8; stroke-width: 1; }
svg .tick { fill: var(--muted); font-size: 11px; }
svg .axis-label { fill: #334155; font-size: 12px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
tbody th { font-weight: 500; }
td.num { font-variant-numeric: tabular-nums; text-align: right; }
#per-class thead th:nth-child(n+3) { text-align: right; }
tr.group th, tr.group td { font-weight: 650; border-bottom-width: 2px; }
.kind { font-size: 12px; padding: 1px 7px; border-radius: 9px; }
.kind.known { background: #dbeafe; color: #1e3a8a; }
.kind.unseen { background: #fef3c7; color: #78350f; }
.note { color: var(--muted); font-size: 12px; margin: 8px 0 0; }
td code, th code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-word; }
.empty { color: var(--muted); margin: 0; }
/* Wide screens: the per-class table's six columns get the wider share, on one line each. */
@media (min-width: 900px) {
  .grid-2.results { grid-template-columns: 2fr 3fr; }
  #per-class th { white-space: nowrap; }
  #per-class thead th:last-child { white-space: normal; }
}
/* Phones: the per-class table's six columns fit in 390 px when margins and cells shrink. */
@media (max-width: 560px) {
  main { padding: 20px 8px 32px; }
  .card { padding: 12px 8px; }
  table { font-size: 12.5px; }
  th, td { padding: 4px 3px; }
  thead th { letter-spacing: 0; font-size: 11px; }
  .kind { padding: 1px 4px; }
}
footer { margin-top: 24px; color: var(--muted); font-size: 12px; }
`;
