/**
 * The sync status of each scope, on SQLite and PostgreSQL alike: the last run, when the scope
 * last succeeded and how many runs in a row failed.
 */
import { expect, it } from 'vitest';
import type { SyncRun } from '../../src/storage/index.js';
import { HOUR, T0 } from './store-fixtures.js';
import { describeOnDatabases } from './test-databases.js';

function run(overrides: Partial<SyncRun> = {}): SyncRun {
  return {
    org: 'acme',
    scope: 'github:acme/api',
    source: 'github',
    status: 'ok',
    startedAt: T0,
    finishedAt: T0 + 60_000,
    records: 120,
    errorCode: null,
    errorMessage: null,
    ...overrides,
  };
}

const failure = (at: number): SyncRun =>
  run({
    status: 'failed',
    startedAt: at,
    finishedAt: at + 5_000,
    records: 0,
    errorCode: 'CONNECTOR_AUTH_FAILED',
    errorMessage: 'GitHub answered 401 for acme/api: set GITHUB_TOKEN',
  });

describeOnDatabases('sync statuses', (store) => {
  it('counts failures in a row, keeps the last success, and resets on the next success', async () => {
    await store().recordSyncRun(run());
    await store().recordSyncRun(failure(T0 + HOUR));
    await store().recordSyncRun(failure(T0 + 2 * HOUR));
    const [failing] = await store().listSyncStatuses('acme');
    expect(failing).toStrictEqual({
      ...failure(T0 + 2 * HOUR),
      lastSuccessAt: T0 + 60_000,
      consecutiveFailures: 2,
    });

    // A skipped run (nothing to read) changes neither the count nor the last success.
    await store().recordSyncRun(
      run({ status: 'skipped', startedAt: T0 + 3 * HOUR, finishedAt: T0 + 3 * HOUR, records: 0 }),
    );
    expect((await store().listSyncStatuses('acme'))[0]).toMatchObject({
      status: 'skipped',
      lastSuccessAt: T0 + 60_000,
      consecutiveFailures: 2,
    });

    await store().recordSyncRun(
      run({ startedAt: T0 + 4 * HOUR, finishedAt: T0 + 4 * HOUR + 1_000 }),
    );
    expect((await store().listSyncStatuses('acme'))[0]).toMatchObject({
      status: 'ok',
      errorCode: null,
      lastSuccessAt: T0 + 4 * HOUR + 1_000,
      consecutiveFailures: 0,
    });
  });

  it('lists scopes by organisation then scope; a first failure has no last success', async () => {
    await store().recordSyncRun(run({ scope: 'gitlab:acme/web', source: 'gitlab' }));
    await store().recordSyncRun(failure(T0));
    await store().recordSyncRun(run({ org: 'globex', scope: 'git:/srv/globex', source: 'git' }));
    expect((await store().listSyncStatuses()).map((s) => `${s.org} ${s.scope}`)).toStrictEqual([
      'acme github:acme/api',
      'acme gitlab:acme/web',
      'globex git:/srv/globex',
    ]);
    const acme = await store().listSyncStatuses('acme');
    expect(acme.map((s) => [s.scope, s.lastSuccessAt, s.consecutiveFailures])).toStrictEqual([
      ['github:acme/api', null, 1],
      ['gitlab:acme/web', T0 + 60_000, 0],
    ]);
  });
});
