/**
 * A server computes the reports the dashboard opens with before anyone asks: the default
 * window of src/web/app/view-state.ts for every organisation, and the one before it. The
 * dashboard's first request is then a cache hit; after new data, the next pass recomputes the
 * reports clients asked for, and only those.
 */
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPath } from '../../src/web/api-client/api-client.js';
import { parseViewState, windows } from '../../src/web/app/view-state.js';
import { openStore, type Store } from '../../src/storage/index.js';
import { tempDir } from '../helpers/cli.js';
import { bearer, makeToken, NOW, seed, testApp } from './server-fixtures.js';

let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openStore(join(tempDir('panorama-warm-'), 'p.db'));
  await seed(store);
  ({ app } = await testApp(store, { warmReportsEveryMs: 200 }));
  // As `panorama serve` does: the first pass before listening.
  await app.warmReports();
  await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

async function settled(expectedMisses: number): Promise<void> {
  for (let i = 0; i < 100 && app.reportCache.stats.misses < expectedMisses; i++) await delay(50);
  await delay(300); // a further pass finds nothing new
}

describe('report warming', () => {
  it("answers the dashboard's first requests from the cache, and rewarms after new data", async () => {
    // Two organisations (alpha, bravo), two windows each, computed before listening; the
    // passes every 200 ms since found nothing new.
    expect(app.reportCache.stats.misses).toBe(4);
    await settled(4);
    expect(app.reportCache.stats.misses).toBe(4);

    const alpha = bearer(await makeToken(store, 'alpha'));
    const { current, previous } = windows(parseViewState('/', '?org=alpha'), NOW);
    for (const w of [current, previous]) {
      const r = await app.inject({
        method: 'GET',
        url: reportPath('alpha', w, null, false),
        headers: alpha,
      });
      expect(r.statusCode).toBe(200);
    }
    // Served from the cache (every pass of the warmer also counts hits: misses tell).
    expect(app.reportCache.stats.misses).toBe(4);

    // New data for bravo, whose reports nobody asked for: not recomputed.
    const [b] = await store.listDeployments({ org: 'bravo' });
    await store.upsertDeployments([{ ...b!, id: 'bravo-late', finishedAt: NOW - 3_600_000 }]);
    await delay(800); // four passes of the warmer
    expect(app.reportCache.stats.misses).toBe(4);

    const [d] = await store.listDeployments({ org: 'alpha' });
    await store.upsertDeployments([{ ...d!, id: 'late', finishedAt: NOW - 3_600_000 }]);
    // alpha's two reports, asked for above, are recomputed in the background.
    await settled(6);
    expect(app.reportCache.stats.misses).toBe(6);
    const r = await app.inject({
      method: 'GET',
      url: reportPath('alpha', current, null, false),
      headers: alpha,
    });
    // The seed's two production deployments of alpha, and the late one.
    expect(r.json().dora.deployment_frequency.count).toBe(3);
    expect(app.reportCache.stats.misses).toBe(6);
  });
});
