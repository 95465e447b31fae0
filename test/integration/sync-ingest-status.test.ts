/**
 * The sync loop keeps each scope's outcome (for /metrics and the API): a scope that synced,
 * and one whose connector failed, on a real SQLite store. The connector here is a scripted
 * one implementing the SyncConnector contract, so that only the loop is under test.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncConnector } from '../../src/connectors/sync-connector.js';
import { syncScopes } from '../../src/ingest/sync-ingest.js';
import { ConnectorError } from '../../src/shared/errors.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';

const scripted: SyncConnector = {
  source: 'scripted',
  description: 'a connector whose answers the test writes',
  scopeKey: (scope) => Promise.resolve(`scripted:${scope.name}`),
  async collect(scope, options, _cursor, sink) {
    if (scope.name === 'broken') {
      throw new ConnectorError(
        'CONNECTOR_AUTH_FAILED',
        'scripted answered 401 for broken: check the token',
      );
    }
    await sink.onRecords({
      records: {
        incidents: [
          {
            org: options.org,
            id: `scripted:incident:${scope.name}:1`,
            service: 'api',
            title: 'Checkout down',
            startedAt: Date.parse('2026-11-01T10:00:00Z'),
            detectedAt: null,
            acknowledgedAt: null,
            resolvedAt: Date.parse('2026-11-01T11:00:00Z'),
            causedByDeploymentId: null,
            severity: 'SEV1',
            inferences: [],
            url: null,
            origin: { source: 'scripted' },
            extra: null,
          },
        ],
      },
      raw: [],
      cursor: { page: 1 },
    });
    return { cursor: { page: 1 }, requests: 1 };
  },
};

describe('sync loop outcomes', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(join(tempDir('panorama-sync-status-'), 'p.db'));
  });
  afterAll(() => store.close());

  it('records ok and failed scopes, with the error code and message', async () => {
    const results = await syncScopes(
      store,
      scripted,
      [{ name: 'good' }, { name: 'broken' }, { name: 'good' }],
      {
        org: 'acme',
        token: 'never-stored',
        productionEnvironments: ['production'],
      },
    );
    expect(results.map((r) => r.status)).toStrictEqual(['ok', 'failed', 'skipped']);
    const statuses = await store.listSyncStatuses('acme');
    expect(
      statuses.map((s) => [
        s.scope,
        s.source,
        s.status,
        s.records,
        s.errorCode,
        s.consecutiveFailures,
      ]),
    ).toStrictEqual([
      ['scripted:broken', 'scripted', 'failed', 0, 'CONNECTOR_AUTH_FAILED', 1],
      ['scripted:good', 'scripted', 'ok', 1, null, 0],
    ]);
    expect(statuses[0]!.errorMessage).toBe('scripted answered 401 for broken: check the token');
    expect(JSON.stringify(statuses)).not.toContain('never-stored');
  });
});
