/** The board report in Markdown: one page per organisation, separated by a rule. */
import type { BoardPage } from './board-model.js';
import { boardView, type BoardTable } from './board-view.js';

/**
 * Text as Markdown shows it, never as HTML: incident titles and service names come from other
 * tools, and many Markdown renderers pass HTML through.
 */
function plain(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function cell(text: string): string {
  return plain(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function table(t: BoardTable): string[] {
  const align = t.columns.map((_, i) => (t.numeric.includes(i) ? '---:' : '---'));
  return [`| ${t.columns.map(cell).join(' | ')} |`, `| ${align.join(' | ')} |`, ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

export function formatBoardMarkdown(pages: readonly BoardPage[]): string {
  const out: string[] = [];
  pages.forEach((page, n) => {
    const v = boardView(page);
    if (n > 0) out.push('', '---', '');
    out.push(`# ${plain(v.title)}`, '', `_${plain(v.subtitle)}_`, '');
    for (const t of v.tiles) out.push(`- **${plain(t.label)}: ${plain(t.value)}** (${plain(t.sub)})`);
    out.push('', '## In brief', '');
    if (v.claims.length === 0) out.push('Nothing crossed a narrative threshold in this window.');
    v.claims.forEach((c, i) => out.push(`${i + 1}. ${plain(c.text)} [evidence](#${c.evidence})`));
    for (const s of v.sections) {
      out.push('', `## ${s.heading}`, '');
      for (const l of s.lines) out.push(plain(l), '');
      if (s.table) out.push(...table(s.table), '');
      for (const note of s.notes) out.push(`_${plain(note)}_`, '');
      while (out[out.length - 1] === '') out.pop();
    }
    if (v.evidence.length) {
      out.push('', '## Evidence', '');
      for (const e of v.evidence) {
        out.push(`<a id="${e.anchor}"></a>**${plain(e.title)}.** ${e.lines.map(cell).join('; ')}`, '');
      }
      out.pop();
    }
  });
  return `${out.join('\n')}\n`;
}
