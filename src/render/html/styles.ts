/**
 * The HTML report's style sheet, inlined in one `<style>` element that the page's
 * Content-Security-Policy allows by its hash. Rows of the virtual lists have a fixed height
 * (ROW_HEIGHT_PX, which the script shares): only the rows on screen exist.
 */
export const ROW_HEIGHT_PX = 28;

export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --accent: #0969da; --pass: #1a7f37; --fail: #cf222e; --error: #bc4c00; --skip: #6e7781;
  --flaky: #9a6700; --hover: #eaeef2; --selected: #ddf4ff;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --accent: #4493f8; --pass: #3fb950; --fail: #f85149; --error: #db6d28; --skip: #9198a1;
    --flaky: #d29922; --hover: #1f2630; --selected: #11284a;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--fg); line-height: 1.45;
  font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
}
a { color: var(--accent); }
header, main, nav { max-width: 1280px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 16px; }
h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 0; overflow-wrap: anywhere; }
pre {
  font: 12px/1.4 var(--mono); background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; padding: 8px; margin: 6px 0; max-height: 24em; overflow: auto;
  white-space: pre-wrap; overflow-wrap: anywhere;
}
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; white-space: nowrap; }
button, select, input {
  font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; padding: 3px 10px;
}
button { cursor: pointer; }
button[aria-pressed="true"] { background: var(--selected); border-color: var(--accent); }
.muted { color: var(--muted); }
.conclusion { display: inline-block; padding: 2px 10px; border-radius: 999px; color: #fff; font-weight: 600; }
.conclusion.success { background: var(--pass); }
.conclusion.failure { background: var(--fail); }
.conclusion.timed_out, .conclusion.cancelled { background: var(--skip); }
.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 8px 0; color: var(--muted); }
.facts span { overflow-wrap: anywhere; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; padding: 0; }
.counts div { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; min-width: 88px; }
.counts dt { font-size: 12px; color: var(--muted); }
.counts dd { margin: 0; font-size: 20px; font-weight: 600; }
.problems { color: var(--fail); }
nav { position: sticky; top: 0; background: var(--bg); border-bottom: 1px solid var(--line); z-index: 2; }
nav a { display: inline-block; padding: 8px 10px 8px 0; margin-right: 8px; text-decoration: none; }
.badge { display: inline-block; min-width: 64px; font-size: 12px; font-weight: 600; }
.passed .badge, .badge.passed { color: var(--pass); }
.failed .badge, .badge.failed { color: var(--fail); }
.errored .badge, .badge.errored { color: var(--error); }
.skipped .badge, .badge.skipped { color: var(--skip); }
.badge.flaky { color: var(--flaky); }
td .badge { min-width: 0; margin-right: 4px; }
.failure { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.failure.errored { border-left-color: var(--error); }
.failure .meta { margin: 2px 0; color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 14px; }
summary { cursor: pointer; color: var(--muted); }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.controls input[type="search"] { min-width: 260px; flex: 1; }
.viewport {
  position: relative; max-height: min(60vh, 560px); overflow: auto; border: 1px solid var(--line);
  border-radius: 6px; contain: layout paint;
}
.spacer { position: relative; width: 100%; }
.vrow {
  position: absolute; left: 0; right: 0; top: 0; height: ${ROW_HEIGHT_PX}px; display: flex; align-items: center;
  gap: 10px; padding: 0 10px; white-space: nowrap; border-bottom: 1px solid var(--line); cursor: pointer;
}
.vrow:hover { background: var(--hover); }
.vrow.selected { background: var(--selected); }
.vrow.group { font-weight: 600; background: var(--panel); }
.vrow .name { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.vrow .where { flex: 0 1 32%; min-width: 0; overflow: hidden; text-overflow: ellipsis; color: var(--muted); font-family: var(--mono); font-size: 12px; }
.vrow .ms { flex: 0 0 72px; text-align: right; color: var(--muted); }
.vrow .path { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; font-family: var(--mono); font-size: 12px; }
.vrow .pct { flex: 0 0 150px; display: flex; align-items: center; gap: 6px; }
.vrow .cnt { flex: 0 0 110px; text-align: right; color: var(--muted); }
.vrow .ranges { flex: 0 1 26%; min-width: 0; overflow: hidden; text-overflow: ellipsis; font-family: var(--mono); font-size: 12px; color: var(--muted); }
.vrow.head { cursor: default; font-weight: 600; color: var(--muted); background: var(--panel); position: sticky; }
.vrow.head button { border: 0; padding: 0; background: none; font-weight: 600; color: inherit; }
.bar { flex: 1; height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; min-width: 50px; }
.bar > span { display: block; height: 100%; background: var(--pass); }
.bar.mid > span { background: var(--flaky); }
.bar.low > span { background: var(--fail); }
.detail { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.detail:empty { display: none; }
.more { margin: 6px 0; }
.ok { color: var(--pass); }
.bad { color: var(--fail); }
`;
