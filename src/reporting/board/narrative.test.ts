import { describe, expect, it } from 'vitest';
import { computeBusinessReport, computeReport, type BusinessReport, type Report } from '../../metrics/index.js';
import { input, options } from '../../metrics/__fixtures__/builders.js';
import { businessInput, PARAMS, WINDOW } from '../../metrics/business/__fixtures__/business-fixture.js';
import { buildNarrative } from './narrative.js';

/** An empty report of the fixture's quarter; tests set the figures each rule reads. */
function report(): Report {
  return computeReport(input(), options('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z', { service: null }));
}

function business(): BusinessReport {
  return computeBusinessReport(businessInput(), PARAMS, { window: WINDOW, now: WINDOW.end });
}

function quietBusiness(): BusinessReport {
  return computeBusinessReport({ ...businessInput(), incidents: [], deployments: [], uptimeSamples: [], debtItems: [] }, PARAMS, { window: WINDOW, now: WINDOW.end });
}

function leadTimes(prev: number, cur: number, steps: { prev: Record<string, number>; cur: Record<string, number> } = { prev: {}, cur: {} }) {
  const p = report();
  const c = report();
  p.dora.change_lead_time.median_seconds = prev;
  c.dora.change_lead_time.median_seconds = cur;
  for (const [k, v] of Object.entries(steps.prev)) p.flow[k as 'pickup'].median_seconds = v;
  for (const [k, v] of Object.entries(steps.cur)) c.flow[k as 'pickup'].median_seconds = v;
  return { p, c };
}

const rules = (claims: ReturnType<typeof buildNarrative>) => claims.map((c) => c.rule);

describe('narrative rules', () => {
  it('lead-time-trend: silent between x0.8 and x1.25, speaks at both bounds', () => {
    const h = 3600;
    const at = (cur: number) => { const { p, c } = leadTimes(100 * h, cur * h); return buildNarrative(c, p, quietBusiness()); };
    expect(rules(at(124))).toEqual([]);
    expect(rules(at(81))).toEqual([]);
    expect(at(125)[0]?.text).toBe('Lead time rose by 25% this quarter (median 4d 4h → 5d 5h).');
    expect(at(80)[0]?.text).toBe('Lead time fell by 20% this quarter (median 4d 4h → 3d 8h).');
    expect(at(50)[0]?.text).toBe('Lead time halved this quarter (median 4d 4h → 2d 2h).');
  });

  it('lead-time-trend names the flow step behind at least half of the move', () => {
    const h = 3600;
    // +24 h of lead time; pickup +12 h is exactly half: named.
    const half = leadTimes(24 * h, 48 * h, { prev: { pickup: 2 * h, review: 2 * h }, cur: { pickup: 14 * h, review: 4 * h } });
    const claim = buildNarrative(half.c, half.p, quietBusiness())[0];
    expect(claim?.text).toBe('Lead time doubled this quarter (median 1d → 2d); most of the increase is time waiting for the first review (2h → 14h).');
    expect(claim?.evidence).toMatchObject({ metric: 'dora.change_lead_time.median_seconds', previous: 86400, current: 172800, detail: { step: 'pickup', step_previous_seconds: 7200, step_current_seconds: 50400 } });
    // Pickup +11h59m is under half: no step named.
    const under = leadTimes(24 * h, 48 * h, { prev: { pickup: 2 * h }, cur: { pickup: 14 * h - 60 } });
    expect(buildNarrative(under.c, under.p, quietBusiness())[0]?.text).toBe('Lead time doubled this quarter (median 1d → 2d).');
  });

  it('deployment-frequency-trend fires at x1.5 and x0.67, not between', () => {
    const run = (prev: number, cur: number) => {
      const p = report(); const c = report();
      p.dora.deployment_frequency.mean_deployments_per_week = prev;
      c.dora.deployment_frequency.mean_deployments_per_week = cur;
      c.dora.deployment_frequency.deployment_ids = ['d1', 'd2'];
      return buildNarrative(c, p, quietBusiness());
    };
    expect(rules(run(4, 5.96))).toEqual([]);
    expect(run(4, 6)[0]).toMatchObject({ rule: 'deployment-frequency-trend', text: 'Deployments rose by 50% this quarter: 6 a week, against 4.', tone: 'good', evidence: { record_ids: ['d1', 'd2'], record_count: 2 } });
    expect(rules(run(6, 4.03))).toEqual([]);
    expect(run(6, 4)[0]?.text).toBe('Deployments fell by 33% this quarter: 4 a week, against 6.');
  });

  it('change-failure-rate-trend needs a move of 5 points', () => {
    const run = (prev: number, cur: number) => {
      const p = report(); const c = report();
      p.dora.change_failure_rate.value = prev;
      Object.assign(c.dora.change_failure_rate, { value: cur, numerator: 3, denominator: 20, failed_deployments: [{ deployment_id: 'd9', service: 'api', finished_at: '2026-02-01T00:00:00Z', why: [] }] });
      return buildNarrative(c, p, quietBusiness());
    };
    expect(rules(run(0.1, 0.1499))).toEqual([]);
    expect(run(0.1, 0.15)[0]).toMatchObject({ text: 'Change failure rate rose from 10% to 15% this quarter: 3 of 20 deployments failed.', evidence: { record_ids: ['d9'] } });
  });

  it('states the incident cost with its trend and costliest incident, the SLO misses, alerts, unplanned work and debt', () => {
    const claims = buildNarrative(report(), report(), business());
    expect(claims.map((c) => [c.rule, c.text])).toEqual([
      ['incident-cost', 'Incidents cost an estimated €2,152.50 this quarter (5 incidents, 16,990 minutes of customer impact), up from €155.00 the previous quarter; the costliest, i3, cost €1,030.00.'],
      // api keeps 25.6% of its budget: at or above 25% is not "low".
      ['burn-rate-alert', 'batch is burning its error budget 1000x faster than sustainable (page alert 1h/5m, at 2026-04-01 00:00:00 UTC).'],
      ['slo-missed', 'batch missed its 99.9% SLO: 58.33% over the last 28 days, 416.7x its error budget.'],
      ['burn-rate-alert', 'web is burning its error budget 2x faster than sustainable (ticket alert 3d/6h, at 2026-04-01 00:00:00 UTC).'],
      ['error-budget-low', 'web meets its 99.5% SLO but has 0% of its error budget left.'],
      ['unplanned-work', '50% of deployments this quarter were unplanned (3 of 6: rollbacks, reverts, hotfixes and incident fixes), against 50% the previous quarter.'],
      ['debt-interest', 'Technical debt costs €1,520.00 a month in interest (16 engineering hours over 2 open items); the costliest item, "Debt debt:a", takes 10 hours a month.'],
    ]);
    expect(claims[0]?.evidence).toMatchObject({ previous: 155, current: 2152.5, record_ids: ['i3', 'i1', 'i2', 'i5', 'i6'], record_count: 5 });
    expect(claims[2]?.evidence.record_ids).toEqual(['i3']);
    expect(claims[5]?.evidence.record_ids).toEqual(['d2', 'd3', 'd4']);
  });

  it('says nothing on a quiet window with no change', () => {
    expect(buildNarrative(report(), report(), quietBusiness())).toEqual([]);
  });

  it('unplanned-work speaks from 20% of deployments; error-budget-low under 25% left', () => {
    const b = quietBusiness();
    const at = (share: number, remaining: number) => {
      const copy = structuredClone(b);
      Object.assign(copy.unplanned, { unplanned_share: share, unplanned_deployments: 1, production_deployments: 5, deployment_ids: ['d1'] });
      copy.unplanned_previous.unplanned_share = null;
      const api = copy.availability.find((a) => a.service === 'api');
      if (api) Object.assign(api.current, { slo_met: true, budget_remaining: remaining });
      return rules(buildNarrative(report(), report(), copy));
    };
    expect(at(0.1999, 0.25)).toEqual([]);
    expect(at(0.2, 0.2499)).toEqual(['error-budget-low', 'unplanned-work']);
  });
});
