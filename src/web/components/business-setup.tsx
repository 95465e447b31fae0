/**
 * What the Business page says when the server's config gives an organisation no business
 * parameters (or only some): which are missing and the keys to add, instead of zeros.
 */
import type { BusinessAnswer } from '../api-client/business-types.js';

const EXAMPLE = `business:
  currency: EUR
  revenue_per_hour: 1200            # or annual_revenue: 10512000
  engineering_cost_per_hour: 95     # fully loaded, per engineer-hour
  revenue_at_risk: { SEV1: 1.0, SEV2: 0.25, SEV3: 0.05, default: 0.1 }
  slo: { target: 99.9, window_days: 28 }
  services:
    api: { revenue_share: 0.6 }`;

const MISSING: ReadonlyArray<[keyof BusinessAnswer['configured'], string, string]> = [
  ['revenue', 'revenue', 'revenue_per_hour or annual_revenue'],
  ['engineering_cost', 'engineering cost', 'engineering_cost_per_hour'],
  ['slo', 'SLO', 'slo: { target, window_days }'],
];

export function BusinessSetup({ answer, orgName }: { answer: BusinessAnswer; orgName: string }) {
  const missing = MISSING.filter(([key]) => !answer.configured[key]);
  if (missing.length === 0) return null;
  const nothing = missing.length === MISSING.length;
  const org = answer.page.org.id;
  return (
    <section className="card biz-setup" aria-labelledby="setup-title" data-testid="business-setup">
      <h2 id="setup-title">{nothing ? `No business parameters for ${orgName}` : `Some business parameters are missing for ${orgName}`}</h2>
      <p>
        {nothing
          ? 'Panorama prices incidents and technical debt with your revenue and engineering cost, and measures availability against an SLO. The config file panorama serve was started with gives none of them for this organisation, so this page shows no money figure rather than zeros.'
          : `Not configured: ${missing.map(([, words, key]) => `${words} (${key})`).join(', ')}. The figures that need them say "not configured".`}
      </p>
      <p>Add a <code>business</code> section to <code>panorama.config.yaml</code> and restart <code>panorama serve</code>:</p>
      <pre className="config-example"><code>{EXAMPLE}</code></pre>
      <p className="small muted">
        The top-level section prices the config&apos;s own organisation and any organisation not listed; for another one, put the
        same keys under <code>business.organizations.{org}</code>. Every key is described in docs/metrics.md, &quot;Business figures&quot;.
      </p>
    </section>
  );
}
