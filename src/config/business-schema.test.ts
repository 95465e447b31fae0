import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/cli.js';
import { resolveBusinessParams } from '../reporting/board/resolve-business-params.js';
import { readConfigFile } from './load-config.js';

function read(yaml: string) {
  const path = join(tempDir(), 'panorama.config.yaml');
  writeFileSync(path, yaml);
  return { path, read: () => readConfigFile(path) };
}

const VALID = `organization: Acme
business:
  currency: USD
  annual_revenue: 8760000
  engineering_cost_per_hour: 95
  revenue_at_risk: { SEV1: 1, default: 0.2 }
  slo: { target: 99.9 }
  services:
    api: { revenue_share: 0.5, slo: { target: 99.95, window_days: 30 } }
    batch: { revenue_per_hour: 50 }
  organizations:
    beta: { revenue_per_hour: 300, services: { shop: { revenue_share: 1 } } }
`;

describe('business config', () => {
  it('resolves annual revenue per 8,760 h, per-service settings and the default SLO', () => {
    const file = read(VALID).read();
    const p = resolveBusinessParams(file.business, 'acme');
    expect(p).toEqual({
      currency: 'USD', revenuePerHour: 1000, revenueSource: 'annual_revenue', annualRevenue: 8760000, engineeringCostPerHour: 95,
      revenueAtRisk: { SEV1: 1, default: 0.2 }, defaultSlo: { target: 99.9, windowDays: 28 },
      services: {
        api: { revenuePerHour: null, revenueShare: 0.5, slo: { target: 99.95, windowDays: 30 } },
        batch: { revenuePerHour: 50, revenueShare: null, slo: null },
      },
    });
  });

  it('gives a listed organisation its own revenue and services, and the shared settings', () => {
    const p = resolveBusinessParams(read(VALID).read().business, 'beta');
    expect(p).toMatchObject({ currency: 'USD', revenuePerHour: 300, revenueSource: 'revenue_per_hour', engineeringCostPerHour: 95, defaultSlo: { target: 99.9, windowDays: 28 } });
    expect(Object.keys(p.services)).toEqual(['shop']);
  });

  it("keeps the top-level revenue and services to the config's own organisation", () => {
    const business = read(VALID).read().business;
    // acme is the config's own: the top-level block, as without homeOrg.
    expect(resolveBusinessParams(business, 'acme', 'acme')).toEqual(resolveBusinessParams(business, 'acme'));
    // globex, another client of the same server, not listed: the shared settings only.
    expect(resolveBusinessParams(business, 'globex', 'acme')).toEqual({
      currency: 'USD', revenuePerHour: null, revenueSource: null, annualRevenue: null, engineeringCostPerHour: 95,
      revenueAtRisk: { SEV1: 1, default: 0.2 }, defaultSlo: { target: 99.9, windowDays: 28 }, services: {},
    });
    // A listed organisation keeps its own block either way.
    expect(resolveBusinessParams(business, 'beta', 'acme')).toEqual(resolveBusinessParams(business, 'beta'));
  });

  it('without a business key: no money parameters, EUR and the default shares at risk', () => {
    const p = resolveBusinessParams(read('organization: Acme\n').read().business, 'acme');
    expect(p).toMatchObject({ currency: 'EUR', revenuePerHour: null, engineeringCostPerHour: null, revenueAtRisk: { default: 0.1 } });
  });

  it('lists every problem with its path and line', () => {
    const { path, read: load } = read(`business:
  currency: euro
  revenue_per_hour: 100
  annual_revenue: 876000
  revenue_at_risk: { SEV1: 1.5 }
  slo: { target: 100 }
  services:
    api: { revenue_share: 0.7 }
    web: { revenue_share: 0.6, colour: red }
`);
    let message = '';
    try {
      load();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${path}:2: business.currency: must be an ISO 4217 code`);
    expect(message).toContain(`${path}:5: business.revenue_at_risk.SEV1: must be between 0 and 1`);
    expect(message).toContain('business.revenue_at_risk: must have a `default` entry');
    expect(message).toContain(`${path}:6: business.slo.target: must be below 100`);
    expect(message).toMatch(/business\.services\.web: Unrecognized key: "colour"/);
    // Cross-field rules run once the fields themselves are valid: fix the above and they show.
    const second = read(`business:
  revenue_per_hour: 100
  annual_revenue: 876000
  services:
    api: { revenue_share: 0.7 }
    web: { revenue_share: 0.6 }
`);
    expect(() => second.read()).toThrow(/:3: business\.annual_revenue: give revenue_per_hour or annual_revenue, not both[\s\S]*business\.services: the services' revenue_share add up to 1\.3, more than 1/);
  });
});
