/**
 * The board report's HTML in a real browser (playwright-core driving Debian's Chromium): the
 * file written by `panorama report --format board --output board.html` on the fixture of
 * test/integration/board-report-cli.test.ts renders with no console error, shows the figures,
 * its evidence links land on their evidence, and each organisation prints on one A4 page.
 * Screenshots go to test-results/ (board-report.png, board-report-print.png).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeBusinessReport, computeReport } from '../../src/metrics/index.js';
import { at, incident, input, options } from '../../src/metrics/__fixtures__/builders.js';
import { PARAMS } from '../../src/metrics/business/__fixtures__/business-fixture.js';
import { buildBoardPage, formatBoardHtml, renderBoardPdf } from '../../src/reporting/board/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { chromiumPath } from './dashboard-server.js';

const CHROMIUM = chromiumPath();
const SKIP = CHROMIUM === null && !process.env.CI;
if (SKIP) console.warn('board report e2e skipped: chromium is not installed (apt-get install chromium); CI always runs it');

const OUT = 'test-results';
const FIXTURE = fileURLToPath(new URL('../fixtures/board-acme.json', import.meta.url));
const SMALL = fileURLToPath(new URL('../fixtures/small-api.json', import.meta.url));
const CONFIG = `organization: acme
business:
  revenue_per_hour: 1200
  engineering_cost_per_hour: 95
  slo: { target: 99.9, window_days: 28 }
  services:
    api: { revenue_share: 0.5 }
    web: { revenue_per_hour: 200 }
`;

describe.skipIf(SKIP)('board report HTML in Chromium', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const dir = tempDir();
    writeFileSync(join(dir, 'panorama.config.yaml'), CONFIG);
    const db = ['--db', join(dir, 'p.db')];
    expect((await runCli(['import', FIXTURE, ...db], { cwd: dir })).code).toBe(0);
    expect((await runCli(['import', SMALL, ...db, '--org', 'beta'], { cwd: dir })).code).toBe(0);
    const html = join(dir, 'board.html');
    const r = await runCli(['report', '--format', 'board', '--all-orgs', '--output', html, ...db, '--since', '2026-07-01', '--until', '2026-10-01'], { cwd: dir });
    expect(r.code).toBe(0);
    url = pathToFileURL(html).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM ?? 'chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the page with its figures and no console error, and links each claim to its evidence', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    // Block every request but the file itself: the report must need nothing else.
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(url);
    await expect.poll(() => page.locator('#org-acme .tile .value').first().textContent()).toBe('€1,427.50');
    expect(await page.locator('#org-acme h2').allTextContents()).toEqual([
      'In brief', 'Delivery (DORA)', 'Incidents this quarter', 'Availability against the SLO', 'Unplanned work', 'Technical debt', 'Parameters', 'Evidence',
    ]);
    expect(await page.locator('#org-acme ol.claims li').first().textContent()).toContain('most of the increase is time waiting for the first review');
    await page.screenshot({ path: `${OUT}/board-report.png`, fullPage: false });
    await page.locator('#org-acme ol.claims li').nth(3).locator('a.ev').click();
    expect(page.url().endsWith('#org-acme-claim-4')).toBe(true);
    expect(await page.locator('#org-acme-claim-4').textContent()).toContain('records (2): inc-1, inc-2');
    expect(errors).toEqual([]);
    expect(requests.filter((r) => !r.startsWith('file:'))).toEqual([]);
    await page.close();
  });

  it('prints each organisation on its own A4 page', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: `${OUT}/board-report-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(2);
    await page.close();
  });

  it('zooms a page taller than A4 down to one sheet in the PDF', async () => {
    // 40 services, each with an incident: the availability table alone outgrows a sheet.
    const services = Array.from({ length: 40 }, (_, i) => `service-${String(i).padStart(2, '0')}`);
    const incidents = services.map((s, i) => incident(`inc-${i}`, `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`, `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T11:00:00Z`, null, { service: s, severity: 'SEV2' }));
    const w = { start: at('2026-01-01T00:00:00Z'), end: at('2026-04-01T00:00:00Z') };
    const report = computeReport(input({ incidents }), options('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z', { service: null }));
    const previous = computeReport(input({ incidents }), options('2025-10-03T00:00:00Z', '2026-01-01T00:00:00Z', { service: null }));
    const business = computeBusinessReport({ org: 'big', services, incidents, deployments: [], uptimeSamples: [], debtItems: [] }, PARAMS, { window: w, now: w.end });
    const page = buildBoardPage({ org: { id: 'big', name: 'Big' }, report, previous, business });
    const path = join(tempDir(), 'big.pdf');
    await renderBoardPdf(formatBoardHtml([page, { ...page, org: { id: 'big2', name: 'Big 2' } }]), path);
    expect(readFileSync(path).toString('latin1').match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(2);
  });
});
