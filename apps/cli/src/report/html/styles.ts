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
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px; margin-top: 20px; }
.grid-2.tables { align-items: start; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; margin: 0; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: #94a3b8; stroke-width: 1; }
svg .tick { fill: var(--muted); font-size: 11px; }
svg .axis-label { fill: #334155; font-size: 12px; }
svg .chart-title { fill: var(--ink); font-size: 14px; font-weight: 650; }
svg .legend { fill: #334155; font-size: 11.5px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
tbody th { font-weight: 500; }
td.num { font-variant-numeric: tabular-nums; text-align: right; }
td code, th code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-word; }
.empty { color: var(--muted); margin: 0; }
footer { margin-top: 24px; color: var(--muted); font-size: 12px; }
`;
