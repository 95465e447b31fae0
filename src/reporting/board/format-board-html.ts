/**
 * The board report as one self-contained HTML document: inline CSS, no script, no external
 * asset, so it can be mailed or archived as is. Printed (or turned into PDF), each
 * organisation starts on a new A4 page.
 */
import type { BoardPage } from './board-model.js';
import { boardView, type BoardTable, type BoardView } from './board-view.js';

function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

const CSS = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d2330; margin: 0; background: #f4f5f7; }
.page { background: #fff; max-width: 1040px; margin: 16px auto; padding: 24px 32px; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.page + .page { break-before: page; page-break-before: always; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 15px; margin: 18px 0 6px; border-bottom: 1px solid #e3e6eb; padding-bottom: 3px; }
.subtitle { color: #5b6475; margin: 0 0 14px; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin-bottom: 8px; }
.tile { border: 1px solid #e3e6eb; border-left: 4px solid #8a94a6; border-radius: 4px; padding: 8px 10px; }
.tile.bad { border-left-color: #c62828; } .tile.good { border-left-color: #2e7d32; }
.tile .label { color: #5b6475; font-size: 11px; text-transform: uppercase; letter-spacing: .03em; }
.tile .value { font-size: 20px; font-weight: 650; margin: 2px 0; }
.tile .sub { color: #5b6475; font-size: 11px; }
ol.claims { padding-left: 20px; margin: 6px 0; }
ol.claims li { margin: 3px 0; }
li.bad::marker { color: #c62828; } li.good::marker { color: #2e7d32; }
a.ev { font-size: 11px; color: #3056a8; margin-left: 4px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 6px; font-size: 12px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eceef2; vertical-align: top; }
th { color: #5b6475; font-weight: 600; background: #f8f9fb; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.calc { color: #5b6475; font-size: 11px; }
p { margin: 4px 0; }
.note { color: #5b6475; font-size: 11px; }
.evidence p { font-size: 11px; color: #3a4150; }
.evidence :target { background: #fff6d6; }
@media print {
  body { background: #fff; font-size: 9.5px; line-height: 1.3; }
  .page { box-shadow: none; margin: 0; max-width: none; padding: 0; border-radius: 0; }
  h1 { font-size: 16px; } h2 { font-size: 11px; margin: 7px 0 2px; padding-bottom: 1px; } .subtitle { margin-bottom: 6px; }
  .tiles { gap: 6px; } .tile { padding: 5px 7px; } .tile .value { font-size: 15px; } .tile .sub, .tile .label { font-size: 9px; }
  table { font-size: 8.5px; margin: 2px 0 3px; } th, td { padding: 0 4px; } td.calc { font-size: 8px; }
  p { margin: 1px 0; } .note, .evidence p { font-size: 8px; } .evidence p { margin: 0; } ol.claims li { margin: 0; }
}
`;

function table(t: BoardTable, calcColumn: number): string {
  const head = t.columns.map((c, i) => `<th${t.numeric.includes(i) ? ' class="num"' : ''}>${esc(c)}</th>`).join('');
  const rows = t.rows
    .map((r) => `<tr>${r.map((c, i) => `<td${t.numeric.includes(i) ? ' class="num"' : i === calcColumn ? ' class="calc"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function page(v: BoardView): string {
  const tiles = v.tiles
    .map((t) => `<div class="tile ${t.tone}"><div class="label">${esc(t.label)}</div><div class="value">${esc(t.value)}</div><div class="sub">${esc(t.sub)}</div></div>`)
    .join('');
  const claims = v.claims.length
    ? `<ol class="claims">${v.claims.map((c) => `<li class="${c.tone}">${esc(c.text)}<a class="ev" href="#${c.evidence}">evidence</a></li>`).join('')}</ol>`
    : '<p>Nothing crossed a narrative threshold in this window.</p>';
  const sections = v.sections
    .map((s) => {
      const calcColumn = s.table ? s.table.columns.indexOf('Calculation') : -1;
      return `<h2>${esc(s.heading)}</h2>${s.lines.map((l) => `<p>${esc(l)}</p>`).join('')}${s.table ? table(s.table, calcColumn) : ''}${s.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('')}`;
    })
    .join('\n');
  const evidence = v.evidence.length
    ? `<h2>Evidence</h2><div class="evidence">${v.evidence.map((e) => `<p id="${e.anchor}"><strong>${esc(e.title)}.</strong> ${e.lines.map(esc).join('; ')}</p>`).join('')}</div>`
    : '';
  return `<section class="page" id="${v.anchor}">
<h1>${esc(v.title)}</h1><p class="subtitle">${esc(v.subtitle)}</p>
<div class="tiles">${tiles}</div>
<h2>In brief</h2>${claims}
${sections}
${evidence}
</section>`;
}

export function formatBoardHtml(pages: readonly BoardPage[]): string {
  const title = pages.length === 1 && pages[0] ? `${pages[0].org.name}: board report` : 'Board report';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
${pages.map((p) => page(boardView(p))).join('\n')}
</body></html>
`;
}
