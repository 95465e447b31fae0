/**
 * `panorama debt add|list|resolve` end to end, in-process, on a real SQLite file: exact output,
 * links checked against stored incidents and pull requests, clear errors with their exit codes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

async function seeded(): Promise<{ dir: string; db: string; cli: (args: string[], now?: number) => ReturnType<typeof runCli> }> {
  const dir = tempDir();
  const db = join(dir, 'p.db');
  const cli = (args: string[], now = NOW) => runCli([...args, '--db', db, '--org', 'acme'], { cwd: dir, now });
  const file = join(dir, 'records.json');
  writeFileSync(
    file,
    JSON.stringify({
      pull_requests: [{ id: 'pr-1', author: 'bo', created_at: '2026-11-01T12:00:00Z', base_branch: 'main', service: 'api' }],
      incidents: [{ id: 'INC-7', service: 'api', started_at: '2026-11-02T11:00:00Z' }],
    }),
  );
  expect((await cli(['import', file])).code).toBe(0);
  return { dir, db, cli };
}

describe('panorama debt', () => {
  it('adds items with links, lists them as text and JSON, and resolves one', async () => {
    const { db, cli } = await seeded();
    const added = await cli([
      'debt', 'add', '--service', 'api', '--title', 'Flaky checkout tests', '--interest-hours', '12.5', '--principal-hours', '40',
      '--incident', 'INC-7', '--pr', 'pr-1', '--url', 'https://wiki.acme.test/debt/1',
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toBe('added debt:flaky-checkout-tests to acme: api, 12.5 h/month interest, 40 h principal, 2 links\n');
    const second = await cli(['debt', 'add', '--service', 'web', '--title', 'Legacy session store', '--interest-hours', '3', '--principal-hours', '8.25', '--id', 'DEBT-2'], NOW + 3_600_000);
    expect(second.stdout).toBe('added DEBT-2 to acme: web, 3 h/month interest, 8.25 h principal\n');

    expect((await cli(['debt', 'list'])).stdout).toBe(
      [
        'id                         service  interest/month  principal  created     resolved  links  title',
        'debt:flaky-checkout-tests  api      12.5 h          40 h       2026-11-20  -         2      Flaky checkout tests',
        'DEBT-2                     web      3 h             8.25 h     2026-11-20  -         0      Legacy session store',
        '2 open items: 15.5 h/month interest, 48.25 h principal',
        '',
      ].join('\n'),
    );

    const resolved = await cli(['debt', 'resolve', 'DEBT-2'], Date.parse('2026-12-01T09:00:00Z'));
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toBe('resolved DEBT-2 (3 h/month interest no longer counted)\n');
    expect((await cli(['debt', 'resolve', 'DEBT-2'])).stdout).toBe('DEBT-2 was already resolved on 2026-12-01; nothing changed\n');

    const json = JSON.parse((await cli(['debt', 'list', '--format', 'json'])).stdout) as unknown;
    expect(json).toEqual({
      org: 'acme',
      items: [
        {
          id: 'debt:flaky-checkout-tests',
          service: 'api',
          title: 'Flaky checkout tests',
          interest_hours_per_month: 12.5,
          principal_hours: 40,
          created_at: '2026-11-20T12:00:00Z',
          resolved_at: null,
          incident_ids: ['INC-7'],
          pull_request_ids: ['pr-1'],
          url: 'https://wiki.acme.test/debt/1',
          source: 'cli',
        },
        {
          id: 'DEBT-2',
          service: 'web',
          title: 'Legacy session store',
          interest_hours_per_month: 3,
          principal_hours: 8.25,
          created_at: '2026-11-20T13:00:00Z',
          resolved_at: '2026-12-01T09:00:00Z',
          incident_ids: [],
          pull_request_ids: [],
          url: null,
          source: 'cli',
        },
      ],
      totals: { open_items: 1, interest_hours_per_month: 12.5, principal_hours: 40 },
    });
    expect((await cli(['debt', 'list', '--open', '--service', 'web'])).stdout).toBe('no debt items in acme for web; add one with panorama debt add.\n');

    const store = await openStore(db);
    try {
      expect((await store.listDebtItems({ org: 'acme' })).map((d) => [d.id, d.resolvedAt])).toEqual([
        ['debt:flaky-checkout-tests', null],
        ['DEBT-2', Date.parse('2026-12-01T09:00:00Z')],
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses links to incidents and pull requests that do not exist, naming each, and writes nothing', async () => {
    const { cli } = await seeded();
    const r = await cli(['debt', 'add', '--service', 'api', '--title', 'X', '--interest-hours', '1', '--principal-hours', '2', '--incident', 'INC-7', '--incident', 'INC-404', '--pr', 'pr-9', '--pr', 'pr-1']);
    expect(r.code).toBe(65);
    expect(r.stderr).toBe(
      'panorama: DEBT_UNKNOWN_LINKS: debt item "debt:x" links to records acme does not have: incidents INC-404; pull requests pr-9. Import or sync them first, or fix the ids.\n',
    );
    expect((await cli(['debt', 'list'])).stdout).toBe('no debt items in acme; add one with panorama debt add.\n');
  });

  it('refuses a second item with the same id, bad hours and a missing flag, and an unknown id to resolve', async () => {
    const { cli } = await seeded();
    const add = ['debt', 'add', '--service', 'api', '--title', 'Flaky tests', '--principal-hours', '2'];
    expect((await cli([...add, '--interest-hours', '1'])).code).toBe(0);
    const same = await cli([...add, '--interest-hours', '1'], NOW + 60_000);
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('debt:flaky-tests is already in the register of acme, with these values; nothing changed\n');
    const again = await cli([...add, '--interest-hours', '2']);
    expect(again.code).toBe(65);
    expect(again.stderr).toBe(
      'panorama: DEBT_DUPLICATE_ID: debt item "debt:flaky-tests" already exists in acme ("Flaky tests") with other values; give another id, or resolve the existing one.\n',
    );

    const bad = await cli([...add, '--interest-hours', 'lots', '--id', 'other']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toBe('panorama: CLI_USAGE: --interest-hours: "lots" is not a number of hours (e.g. 12 or 1.5)\n');
    const empty = await cli(['debt', 'add', '--service', '', '--title', 'Y', '--interest-hours', '1', '--principal-hours', '1']);
    expect(empty.code).toBe(64);
    expect(empty.stderr).toBe('panorama: CLI_USAGE: --service: must not be empty\n');
    const missing = await cli(['debt', 'add', '--service', 'api', '--title', 'Y', '--interest-hours', '1']);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain("required option '--principal-hours <hours>' not specified");

    const unknown = await cli(['debt', 'resolve', 'debt:nope']);
    expect(unknown.code).toBe(66);
    expect(unknown.stderr).toBe('panorama: DEBT_NOT_FOUND: no debt item "debt:nope" in acme; panorama debt list shows the ids.\n');
  });

  it('shows examples in --help', async () => {
    const r = await runCli(['debt', 'add', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ panorama debt add --service api --title "Flaky checkout tests" --interest-hours 12 --principal-hours 40');
  });
});
