/**
 * `panorama import` of uptime samples and debt items (JSON keys `uptime_samples` and
 * `debt_items`, NDJSON types `uptime_sample` and `debt_item`), in-process on a real SQLite
 * file: exact records land, and every invalid one is named by its path with nothing written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

const at = (iso: string): number => Date.parse(iso);

function setup(): { dir: string; db: string; write: (name: string, content: string | object) => string } {
  const dir = tempDir();
  return {
    dir,
    db: join(dir, 'p.db'),
    write: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
  };
}

function document(): Record<string, unknown> {
  return {
    incidents: [{ id: 'INC-7', service: 'api', started_at: '2026-05-02T11:00:00Z' }],
    uptime_samples: [
      { service: 'api', at: '2026-05-01T01:00:00+02:00', good: 9_990, total: 10_000 },
      { service: 'web', at: '2026-05-01T00:00:00Z', good: 0, total: 0, probe: 'lb' },
    ],
    debt_items: [
      {
        service: 'api',
        title: 'Flaky checkout tests',
        interest_hours_per_month: 12.5,
        principal_hours: 40,
        created_at: '2026-04-01T09:00:00Z',
        incident_ids: ['INC-7'],
        url: 'https://wiki.acme.test/debt/1',
        owner: 'payments',
      },
      {
        id: 'DEBT-2',
        service: 'web',
        title: 'Legacy session store',
        interest_hours_per_month: 0,
        principal_hours: 8.25,
        created_at: '2026-03-01T09:00:00+01:00',
        resolved_at: '2026-04-15T12:00:00Z',
      },
    ],
  };
}

async function read(db: string, org = 'acme'): Promise<{ samples: unknown; debt: unknown }> {
  const store = await openStore(db);
  try {
    return { samples: await store.listUptimeSamples({ org }), debt: await store.listDebtItems({ org }) };
  } finally {
    await store.close();
  }
}

describe('panorama import: uptime samples and debt items', () => {
  it('imports a JSON document exactly, ids from titles when none is given, unknown fields kept', async () => {
    const { dir, db, write } = setup();
    const r = await runCli(['import', write('d.json', document()), '--db', db, '--org', 'acme'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 5 records into acme .*: 0 commits, 0 pull requests, 0 deployments, 1 incident, 0 repositories, 2 uptime samples, 2 debt items\n$/);
    const origin = { source: 'import', rawId: null };
    expect(await read(db)).toEqual({
      samples: [
        { org: 'acme', service: 'api', at: at('2026-04-30T23:00:00Z'), good: 9_990, total: 10_000, origin },
        { org: 'acme', service: 'web', at: at('2026-05-01T00:00:00Z'), good: 0, total: 0, origin },
      ],
      debt: [
        {
          org: 'acme',
          id: 'DEBT-2',
          service: 'web',
          title: 'Legacy session store',
          interestHoursPerMonth: 0,
          principalHours: 8.25,
          createdAt: at('2026-03-01T08:00:00Z'),
          resolvedAt: at('2026-04-15T12:00:00Z'),
          incidentIds: [],
          pullRequestIds: [],
          url: null,
          origin,
          extra: null,
        },
        {
          org: 'acme',
          id: 'debt:flaky-checkout-tests',
          service: 'api',
          title: 'Flaky checkout tests',
          interestHoursPerMonth: 12.5,
          principalHours: 40,
          createdAt: at('2026-04-01T09:00:00Z'),
          resolvedAt: null,
          incidentIds: ['INC-7'],
          pullRequestIds: [],
          url: 'https://wiki.acme.test/debt/1',
          origin,
          extra: { owner: 'payments' },
        },
      ],
    });
  });

  it('imports NDJSON records typed uptime_sample and debt_item', async () => {
    const { dir, db, write } = setup();
    const file = write(
      'd.ndjson',
      [
        JSON.stringify({ type: 'uptime_sample', service: 'api', at: '2026-05-01T00:00:00Z', good: 5, total: 6 }),
        JSON.stringify({ type: 'debt_item', service: 'api', title: 'No retries', interest_hours_per_month: 2, principal_hours: 3, created_at: '2026-05-01T00:00:00Z' }),
      ].join('\n'),
    );
    const r = await runCli(['import', file, '--db', db, '--org', 'acme'], { cwd: dir });
    expect(r.code).toBe(0);
    const { samples, debt } = await read(db);
    expect(samples).toEqual([{ org: 'acme', service: 'api', at: at('2026-05-01T00:00:00Z'), good: 5, total: 6, origin: { source: 'import', rawId: null } }]);
    expect((debt as Array<{ id: string; extra: unknown }>).map((d) => [d.id, d.extra])).toEqual([['debt:no-retries', null]]);
  });

  it('names every invalid field by its path and writes nothing', async () => {
    const { dir, db, write } = setup();
    const doc = document();
    doc['uptime_samples'] = [
      { service: 'api', at: '2026-05-01T00:00:00Z', good: 11, total: 10 },
      { at: '2026-05-01T00:00:00', good: 1.5, total: -1 },
    ];
    doc['debt_items'] = [
      { service: 'api', title: 'X', interest_hours_per_month: -1, principal_hours: 'ten', created_at: '2026-05-01T00:00:00Z', resolved_at: '2026-04-01T00:00:00Z' },
      { title: '', interest_hours_per_month: 1, principal_hours: 1, created_at: '2026-05-01' },
    ];
    const r = await runCli(['import', write('bad.json', doc), '--db', db, '--org', 'acme'], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('IMPORT_INVALID_RECORDS');
    for (const line of [
      'uptime_samples[0].good: must not exceed total (10)',
      'uptime_samples[1].service: is missing',
      'uptime_samples[1].at: timestamp has no offset',
      'uptime_samples[1].good: must be a whole number',
      'uptime_samples[1].total: must be 0 or more',
      'debt_items[0].interest_hours_per_month: must be a number of hours, 0 or more',
      'debt_items[0].principal_hours: Invalid input: expected number, received string',
      'debt_items[1].service: is missing',
      'debt_items[1].title: must not be empty',
      'debt_items[1].created_at: not an ISO-8601 timestamp (expected 2024-05-01T12:00:00Z)',
    ]) {
      expect(r.stderr).toContain(line);
    }
    expect(r.stderr).toContain('nothing was written');
    expect(await read(db)).toEqual({ samples: [], debt: [] });
  });

  it('rejects a resolution before creation, and links to incidents or pull requests that do not exist', async () => {
    const { dir, db, write } = setup();
    const doc = document();
    const items = doc['debt_items'] as Array<Record<string, unknown>>;
    items[1]!['resolved_at'] = '2026-02-01T00:00:00Z';
    items[0]!['incident_ids'] = ['INC-7', 'INC-404'];
    items[0]!['pull_request_ids'] = ['pr-404'];
    const r = await runCli(['import', write('bad.json', doc), '--db', db, '--org', 'acme'], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('debt_items[1].resolved_at: must not be before created_at');

    items[1]!['resolved_at'] = null;
    const again = await runCli(['import', write('bad.json', doc), '--db', db, '--org', 'acme'], { cwd: dir });
    expect(again.code).toBe(65);
    expect(again.stderr).toContain('debt_items[0].incident_ids[1]: incident "INC-404" does not exist (in this file or the database)');
    expect(again.stderr).toContain('debt_items[0].pull_request_ids[0]: pull request "pr-404" does not exist (in this file or the database)');
    expect(again.stderr).toContain('2 invalid records');
    expect(await read(db)).toEqual({ samples: [], debt: [] });
  });
});
