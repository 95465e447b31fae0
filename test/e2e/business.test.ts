/**
 * The Business page in a real browser (playwright-core driving Debian's Chromium) against an
 * in-process server seeded with the demo fixture and given a `business` config for `acme`
 * (bravo gets none): the page loads with no console error, the incident cost shown is the API's
 * figure and opens its formula and inputs (by keyboard too), a claim of the narrative opens its
 * evidence (also from a link to its anchor), the SLO tile shows the API's availability and error
 * budget, and an organisation without parameters is told which config keys to add.
 * Screenshots at 1280x800 and 390x844 go to test-results/.
 *
 * Skipped with a printed reason when Chromium is missing outside CI, as dashboard.test.ts is.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessConfig } from '../../src/config/business-schema.js';
import type { BusinessAnswer } from '../../src/server/board-cache.js';
import { chromiumPath, startDashboardServer, type DashboardServer } from './dashboard-server.js';

const CHROMIUM = chromiumPath();
const SKIP = CHROMIUM === null && !process.env.CI;
if (SKIP) console.warn('business e2e skipped: chromium is not installed (apt-get install chromium); CI always runs it');

/**
 * acme's api earns 1,200 x 0.6 = 720 EUR/h: its SEV2 of 120 min costs 120 x 12 x 0.25 + 2 h x 95
 * = 550, its unlabelled incident of 60 min 60 x 12 x 0.1 + 1 h x 95 = 167; 717 in all.
 */
const BUSINESS: BusinessConfig = {
  organizations: {
    acme: {
      currency: 'EUR',
      revenue_per_hour: 1200,
      engineering_cost_per_hour: 95,
      revenue_at_risk: { SEV1: 1, SEV2: 0.25, default: 0.1 },
      slo: { target: 99.9, window_days: 28 },
      services: { api: { revenue_share: 0.6 } },
    },
  },
};

// The fixture's records lie in March 2026: a quarter ending there.
const VIEW = '/business?org=acme&until=2026-03-16';
const WINDOW = 'since=2025-12-16&until=2026-03-16';
const OUT = 'test-results';

function euros(value: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR', currencyDisplay: 'narrowSymbol' }).format(value);
}

describe.skipIf(SKIP)('Business page in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  const errors: string[] = [];

  async function openPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    await page.goto(await server.loginUrl(null));
    return page;
  }

  async function api(org: string): Promise<BusinessAnswer> {
    const response = await fetch(`${server.base}/api/v1/orgs/${org}/business?${WINDOW}`, {
      headers: { authorization: `Bearer ${await server.apiToken(org)}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as BusinessAnswer;
  }

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startDashboardServer({ business: BUSINESS });
    // One open debt item: 6 h a month at 95 EUR/h = 570 EUR a month of interest.
    await server.store.upsertDebtItems([{
      org: 'acme', id: 'debt:search-index-rebuilds', service: 'api', title: 'Search index rebuilt by hand',
      interestHoursPerMonth: 6, principalHours: 40, createdAt: Date.parse('2026-01-10T00:00:00Z'), resolvedAt: null,
      incidentIds: ['i1'], pullRequestIds: [], url: null, origin: { source: 'import', rawId: null }, extra: null,
    }]);
    browser = await chromium.launch({
      executablePath: CHROMIUM ?? 'chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the API\'s incident cost with its formula, and a claim opens its evidence', async () => {
    const answer = await api('acme');
    const cost = answer.page.business.incidents.total_cost;
    expect(cost.value).toBe(717);
    const page = await openPage();
    await page.goto(`${server.base}${VIEW}`);
    const shown = page.getByTestId('biz-incident-cost');
    await shown.waitFor();
    expect(await shown.textContent()).toBe(euros(cost.value ?? NaN));
    expect(await page.getByTestId('biz-debt-interest').textContent()).toBe(euros(570));
    await expect.poll(() => page.locator('nav a[aria-current="page"]').textContent()).toBe('Business');
    // Availability against the SLO and the error budget left, as the API measured them.
    const slo = answer.page.business.availability.find((a) => a.service === 'api')?.current;
    expect(slo?.slo_target).toBe(99.9);
    expect(await page.locator('.slo-lines li[data-service="api"]').textContent())
      .toBe(`api ${((slo?.availability ?? NaN) * 100).toFixed(2)}% of 99.9% · error budget left ${Math.round((slo?.budget_remaining ?? NaN) * 1000) / 10}%`);

    // "How is this computed?" opens by keyboard and shows the API's calculation and inputs.
    const how = page.getByTestId('how-incident-cost');
    await how.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await how.getAttribute('open')).not.toBeNull();
    expect(await how.locator('code').nth(1).textContent()).toBe(cost.calculation);
    expect(await how.locator('code').first().textContent()).toBe(cost.formula);

    // Each incident's cost in the table opens its own formula.
    const perIncident = answer.page.business.incidents.per_incident.map((i) => i.cost.calculation);
    expect(perIncident).toEqual([
      '120 min x 12 EUR/min x 0.25 + 2 h x 95 EUR/h = 550 EUR',
      '60 min x 12 EUR/min x 0.1 + 1 h x 95 EUR/h = 167 EUR',
    ]);
    const rows = page.locator('[data-section="incidents-this-quarter"] tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().locator('summary').textContent()).toBe(perIncident[0]);

    // The incident-cost claim: its evidence opens in place and lists the incidents.
    const i = answer.page.narrative.findIndex((c) => c.rule === 'incident-cost');
    expect(i).toBeGreaterThanOrEqual(0);
    const claim = page.locator('li.claim[data-rule="incident-cost"]');
    expect(await claim.locator('.claim-text').textContent()).toBe(answer.view.claims[i]?.text);
    const evidence = page.locator(`#org-acme-claim-${i + 1}`);
    expect(await evidence.isVisible()).toBe(false);
    await claim.getByRole('button', { name: 'Evidence' }).click();
    expect(await evidence.isVisible()).toBe(true);
    expect(await evidence.textContent()).toContain('incidents.total_cost');
    expect(await evidence.locator('code').allTextContents()).toEqual(expect.arrayContaining(['i1', 'i2']));
    await page.screenshot({ path: `${OUT}/business-1280x800.png` });
    await page.screenshot({ path: `${OUT}/business-full.png`, fullPage: true });
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    await page.screenshot({ path: `${OUT}/business-dark.png` });

    // A link to a claim's evidence (the board report's anchor) opens it on load.
    const linked = await openPage();
    await linked.goto(`${server.base}${VIEW}#org-acme-claim-${i + 1}`);
    await linked.getByTestId('biz-incident-cost').waitFor();
    expect(await linked.locator(`#org-acme-claim-${i + 1}`).isVisible()).toBe(true);
    expect(await linked.locator('li.claim[data-rule="incident-cost"] button').getAttribute('aria-expanded')).toBe('true');
    expect(errors).toEqual([]);
  });

  it('reads at phone width, and tells an organisation without parameters which keys to add', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await page.goto(`${server.base}${VIEW}`);
    await page.getByTestId('biz-incident-cost').waitFor();
    // Nothing wider than the screen: tables scroll inside their card.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    if (overflow > 0) console.log(await page.evaluate<string>(`[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 12).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\\n')`));
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${OUT}/business-phone.png`, fullPage: true });

    await page.getByLabel('Organisation').selectOption('bravo');
    await page.getByTestId('business-setup').waitFor();
    expect(page.url()).toContain('/business?org=bravo');
    expect(await page.getByTestId('business-setup').textContent()).toContain('No business parameters for Bravo Labs');
    expect(await page.getByTestId('business-setup').textContent()).toContain('engineering_cost_per_hour: 95');
    expect(await page.getByTestId('biz-incident-cost').count()).toBe(0);
    const bravo = await api('bravo');
    expect(bravo.configured).toEqual({ revenue: false, engineering_cost: false, slo: false });
    await page.screenshot({ path: `${OUT}/business-not-configured.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
