import { describe, expect, it } from 'vitest';
import { computeBusinessReport, computeReport } from '../../metrics/index.js';
import { input, options } from '../../metrics/__fixtures__/builders.js';
import { businessInput, PARAMS, WINDOW } from '../../metrics/business/__fixtures__/business-fixture.js';
import { buildBoardPage } from './board-model.js';
import { formatBoardHtml } from './format-board-html.js';
import { formatBoardMarkdown } from './format-board-markdown.js';

function page(title: string) {
  const base = businessInput();
  const biz = { ...base, incidents: base.incidents.map((i) => (i.id === 'i1' ? { ...i, title } : i)) };
  const report = computeReport(input(), options('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z', { service: null }));
  const business = computeBusinessReport(biz, PARAMS, { window: WINDOW, now: WINDOW.end });
  return buildBoardPage({ org: { id: 'acme', name: 'Acme <Corp>' }, report, previous: report, business });
}

describe('board renderings', () => {
  it('escapes HTML in every text it shows', () => {
    const html = formatBoardHtml([page('<img src=x onerror=alert(1)> & "quotes"')]);
    expect(html).toContain('<title>Acme &lt;Corp&gt;: board report</title>');
    expect(html).toContain('i1 &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toContain('<img');
  });

  it('keeps a pipe in a title from breaking a Markdown table', () => {
    const md = formatBoardMarkdown([page('a | b')]);
    expect(md).toContain('| i1 a \\| b | api | SEV2 | 90 min | 3 | €735.00 | 90 min x 20 EUR/min x 0.25 + 3 h x 95 EUR/h = 735 EUR |');
  });

  it('never lets a title reach a Markdown renderer as HTML', () => {
    const md = formatBoardMarkdown([page('<img src=x onerror=alert(1)> & co')]);
    expect(md).toContain('# Acme &lt;Corp&gt;');
    expect(md).toContain('i1 &lt;img src=x onerror=alert(1)&gt; &amp; co');
    expect(md).not.toContain('<img');
  });
});
