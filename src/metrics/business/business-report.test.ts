import { describe, expect, it } from 'vitest';
import { at } from '../__fixtures__/builders.js';
import { EMPTY_BUSINESS_PARAMS } from './business-params.js';
import { computeBusinessReport, uptimeSampleRange } from './business-report.js';
import { businessInput, PARAMS, WINDOW } from './__fixtures__/business-fixture.js';

const report = () => computeBusinessReport(businessInput(), PARAMS, { window: WINDOW, now: WINDOW.end });

describe('incident cost and response times', () => {
  it('prices each incident as impact x revenue/min x share at risk + responder hours x cost/h', () => {
    const r = report();
    const byId = Object.fromEntries(r.incidents.per_incident.map((i) => [i.incident_id, i]));
    expect(r.incidents.per_incident.map((i) => [i.incident_id, i.cost.value])).toEqual([
      ['i3', 1030], ['i1', 735], ['i2', 347.5], ['i5', 20], ['i6', 20],
    ]);
    expect(byId['i1']?.cost.calculation).toBe('90 min x 20 EUR/min x 0.25 + 3 h x 95 EUR/h = 735 EUR');
    expect(byId['i1']?.cost.inputs).toMatchObject({ impact_minutes: 90, revenue_per_minute: 20, share_at_risk: 0.25, responder_hours: 3, engineering_cost_per_hour: 95, revenue_source: 'organisation' });
    expect(byId['i1']?.responders.map((x) => [x.name, x.hours])).toEqual([['ana', 1.25], ['bo', 1.75]]);
    expect(byId['i2']?.cost.inputs).toMatchObject({ revenue_per_hour: 300, revenue_share: 0.25, revenue_source: 'organisation_x_share', share_at_risk_key: 'SEV1' });
    expect(byId['i2']?.responders_estimated).toBe(true);
    expect(byId['i2']?.responder_hours).toBe(0.5);
    expect(byId['i3']).toMatchObject({ open: true, impact_minutes: 16800, responder_hours: 2, seconds_to_resolve: null });
    expect(byId['i3']?.cost.inputs).toMatchObject({ share_at_risk_key: 'SEV3', revenue_source: 'service_revenue_per_hour' });
  });

  it('sums the rounded costs and gives MTTA from detection (else start) and MTTR over resolved incidents', () => {
    const s = report().incidents;
    expect(s.total_cost.value).toBe(2152.5);
    expect(s.total_cost.calculation).toBe('1030 + 735 + 347.5 + 20 + 20 = 2152.5 EUR');
    expect(s).toMatchObject({ incidents: 5, open: 1, acknowledged: 2, mtta_seconds: 1200, resolved: 4, mttr_seconds: 2850, median_ttr_seconds: 2400, impact_minutes: 16990, responder_hours: 5.5 });
  });

  it('counts an open incident up to now, never into the rest of a window that has not ended', () => {
    // The dashboard's window ends tomorrow; i3 (open since 03-20 08:00) seen at 10:00 that day.
    const now = at('2026-03-20T10:00:00Z');
    const r = computeBusinessReport(businessInput(), PARAMS, { window: WINDOW, now });
    const i3 = r.incidents.per_incident.find((i) => i.incident_id === 'i3');
    expect(i3).toMatchObject({ open: true, impact_minutes: 120 });
    // The SLO window ends now too, not at the window's end.
    expect(r.availability[0]?.current.window.end).toBe('2026-03-20T10:00:00Z');
  });

  it('gives the previous window for the trend, with an unknown severity at the default share', () => {
    const p = report().incidents_previous;
    expect(p.incidents).toBe(1);
    expect(p.total_cost.value).toBe(155);
  });

  it('says which parameter is missing instead of pricing at zero', () => {
    const r = computeBusinessReport(businessInput(), EMPTY_BUSINESS_PARAMS, { window: WINDOW, now: WINDOW.end });
    expect(r.incidents.total_cost).toMatchObject({ value: null, reason: 'no-revenue-configured' });
    const noCost = computeBusinessReport(businessInput(), { ...PARAMS, engineeringCostPerHour: null }, { window: WINDOW, now: WINDOW.end });
    expect(noCost.incidents.per_incident[0]?.cost.reason).toBe('no-engineering-cost-configured');
    expect(noCost.debt.interest_per_month.value).toBeNull();
  });

  it('returns an explicit no-data result on an empty window', () => {
    const r = computeBusinessReport({ ...businessInput(), incidents: [], deployments: [], debtItems: [] }, PARAMS, { window: WINDOW, now: WINDOW.end });
    expect(r.incidents).toMatchObject({ incidents: 0, mtta_seconds: null, mttr_seconds: null, reason: 'no-incidents' });
    expect(r.incidents.total_cost.value).toBe(0);
    expect(r.unplanned).toMatchObject({ unplanned_share: null, reason: 'no-deployments' });
    expect(r.debt).toMatchObject({ open_items: 0, reason: 'no-open-debt' });
  });
});

describe('availability against the SLO', () => {
  it('merges overlapping incidents: 30 bad minutes of 40,320 against 99.9% over 28 days', () => {
    const api = report().availability.find((a) => a.service === 'api');
    expect(api?.current).toMatchObject({
      source: 'incidents', availability: 0.999256, bad: 30, total: 40320, slo_target: 99.9, error_budget_minutes: 40.32,
      budget_consumed: 0.744, budget_remaining: 0.256, burn_rate: 0.744, slo_met: true, incident_ids: ['i5', 'i6'],
    });
    expect(api?.current.window).toEqual({ start: '2026-03-04T00:00:00Z', end: '2026-04-01T00:00:00Z', days: 28 });
    // The 28 days before: i1's 90 minutes overspend the 40.32-minute budget.
    expect(api?.previous).toMatchObject({ availability: 0.997768, budget_consumed: 2.2321, budget_remaining: -1.2321, slo_met: false });
  });

  it('uses uptime samples when the window has any: exactly at the target meets it', () => {
    const web = report().availability.find((a) => a.service === 'web');
    expect(web?.current).toMatchObject({ source: 'uptime_samples', availability: 0.995, bad: 10, total: 2000, unit: 'requests', slo_target: 99.5, burn_rate: 1, budget_remaining: 0, slo_met: true });
    // No sample in the previous 28 days: incident time (i2, 60 min) of a 201.6-minute budget.
    expect(web?.previous).toMatchObject({ source: 'incidents', availability: 0.998512, budget_consumed: 0.2976 });
  });

  it('counts an open incident up to the window end and raises every burn-rate alert', () => {
    const batch = report().availability.find((a) => a.service === 'batch');
    expect(batch?.current).toMatchObject({ availability: 0.583333, bad: 16800, slo_met: false, burn_rate: 416.6667 });
    expect(batch?.alerts?.firing).toBe('page');
    expect(batch?.alerts?.alerts.map((a) => [a.rule, a.firing, a.long_burn_rate])).toEqual([['1h/5m', true, 1000], ['6h/30m', true, 1000], ['3d/6h', true, 1000]]);
  });

  it('opens a ticket for web: its last sample burns 2x over 3 days and 6 hours', () => {
    const web = report().availability.find((a) => a.service === 'web');
    expect(web?.alerts?.firing).toBe('ticket');
    expect(web?.alerts?.alerts.map((a) => [a.rule, a.firing, a.long_burn_rate, a.short_burn_rate])).toEqual([
      // The 23:00 sample ends the interval before the last hour: the 1-hour window has none
      // (incidents: none). The 30 minutes of 6h/30m hold no sample: no data, not 0.
      ['1h/5m', false, 0, 0], ['6h/30m', false, 2, null], ['3d/6h', true, 2, 2],
    ]);
  });
});

describe('unplanned work and debt', () => {
  it('counts rollbacks, reverts, hotfixes and remediations among production deployments', () => {
    const u = report().unplanned;
    expect(u).toMatchObject({ production_deployments: 6, unplanned_deployments: 3, unplanned_share: 0.5, deployment_ids: ['d2', 'd3', 'd4'] });
    expect(u.by_kind).toEqual({ rollback: 0, revert: 1, hotfix: 1, remediation_only: 1 });
    // 5.5 responder hours over 90 / 30.4375 months = 1.860069 h/month x 95 = 176.71 EUR.
    expect(u.incident_response_hours_per_month).toBe(1.8601);
    expect(u.incident_response_cost_per_month.value).toBe(176.71);
    expect(report().unplanned_previous.unplanned_share).toBe(0.5);
  });

  it('prices the interest of the debt open at the window end, and at the previous end', () => {
    const r = report();
    expect(r.debt).toMatchObject({ open_items: 2, interest_hours_per_month: 16, principal_hours: 64 });
    expect(r.debt.interest_per_month).toMatchObject({ value: 1520, calculation: '16 h x 95 EUR/h = 1520 EUR' });
    expect(r.debt.principal.value).toBe(6080);
    expect(r.debt.items.map((i) => [i.id, i.interest_per_month.value])).toEqual([['debt:a', 950], ['debt:b', 570]]);
    expect(r.debt_previous).toMatchObject({ open_items: 2, interest_hours_per_month: 14 });
    expect(r.debt_previous.interest_per_month.value).toBe(1330);
  });

  it('ignores records outside the windows and input order', () => {
    const input = businessInput();
    const shuffled = { ...input, incidents: [...input.incidents].reverse(), deployments: [...input.deployments].reverse(), debtItems: [...input.debtItems].reverse() };
    const far = { ...input.incidents[0]!, id: 'old', startedAt: at('2020-01-01T00:00:00Z'), resolvedAt: at('2020-01-01T01:00:00Z') };
    const a = computeBusinessReport(input, PARAMS, { window: WINDOW, now: WINDOW.end });
    const b = computeBusinessReport({ ...shuffled, incidents: [...shuffled.incidents, far] }, PARAMS, { window: WINDOW, now: WINDOW.end });
    expect(b).toEqual(a);
  });
});

describe('uptime sample range', () => {
  it('covers two of the longest SLO windows before the end, and the 3-day alert window before now', () => {
    // 90-day report window beats the 28-day SLOs: from = end - 180 days; to = end + 1 ms.
    expect(uptimeSampleRange(PARAMS, { window: WINDOW, now: WINDOW.end })).toEqual({ from: WINDOW.end - 180 * 86_400_000, to: WINDOW.end + 1 });
    // A window ending 200 days after now: the alerts at now reach further back.
    const future = { start: WINDOW.start, end: WINDOW.start + 10 * 86_400_000 };
    const now = WINDOW.start - 100 * 86_400_000;
    expect(uptimeSampleRange(PARAMS, { window: future, now }).from).toBe(now - 3 * 86_400_000);
  });
});

describe('severities named like object properties', () => {
  it('price at the default share, never as a function', () => {
    const base = businessInput();
    const input = { ...base, incidents: base.incidents.map((i) => (i.id === 'i1' ? { ...i, severity: 'toString' } : i)) };
    const r = computeBusinessReport(input, PARAMS, { window: WINDOW, now: WINDOW.end });
    const i1 = r.incidents.per_incident.find((i) => i.incident_id === 'i1');
    expect(i1?.cost.inputs['share_at_risk_key']).toBe('default');
    expect(Number.isFinite(r.incidents.total_cost.value)).toBe(true);
  });
});
