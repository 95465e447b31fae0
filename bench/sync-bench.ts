/**
 * `npm run bench -- sync`: `panorama sync` (the compiled CLI, in a child process) against the
 * local GitHub fake answering every request 50 ms late: a repository with 10,000 pull requests
 * (3 commits and 2 reviews each), 5,000 deployments and 500 incident issues. Measures the
 * requests and wall time of a first sync, then of an incremental sync after 10 new pull
 * requests. Targets (issue #7): at most 1 request per 50 pull requests on the first sync, at
 * most 5 requests for the incremental one, first sync under 60 s.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startGithubFake } from '../test/fakes/github-fake.js';
import { generatedPullRequest, generatedRepository } from '../test/fakes/github-fake-data.js';
import { CACHE, fmt, runCli } from './harness.js';

const TOKEN = 'ghp_bench_token';
const SIZE = { pullRequests: 10_000, deployments: 5_000, incidents: 500 };
const LATENCY_MS = 50;

export async function syncBench(): Promise<void> {
  const fake = await startGithubFake({ token: TOKEN, latencyMs: LATENCY_MS });
  const repo = fake.addRepository(generatedRepository('bench', 'big', SIZE));
  const db = join(CACHE, 'sync-bench.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  process.env['GITHUB_TOKEN'] = TOKEN;
  const args = ['sync', '--repo', 'bench/big', '--api-url', fake.url, '--db', db, '--org', 'bench', '--format', 'json', '--quiet'];
  try {
    const first = await runCli(args);
    if (first.code !== 0) throw new Error(`first sync failed (exit ${first.code}):\n${first.stderr}\n${first.stdout}`);
    const firstRequests = fake.requests;
    const fakeMs = fake.log.reduce((sum, r) => sum + r.ms, 0);
    const perFifty = firstRequests / (SIZE.pullRequests / 50);
    const firstOk = perFifty <= 1 && first.ms < 60_000;
    console.log(
      `sync first       ${fmt(SIZE.pullRequests)} PRs, ${fmt(SIZE.deployments)} deployments, ${fmt(SIZE.incidents)} incidents, ${LATENCY_MS} ms/request: ` +
        `${fmt(firstRequests)} requests = ${fmt(perFifty, 2)} per 50 PRs (target <= 1), ${fmt(first.ms / 1000, 1)} s (target < 60 s), ` +
        `peak RSS ${fmt(first.maxRssMb)} MB ${firstOk ? 'OK' : 'MISSED'} (the fake's own time answering, latency included: ${fmt(fakeMs / 1000, 1)} s)`,
    );

    const newest = Date.parse(repo.pullRequests.reduce((a, b) => (a.updatedAt > b.updatedAt ? a : b)).updatedAt);
    for (let i = 1; i <= 10; i++) {
      repo.pullRequests.push(generatedPullRequest('bench/big', SIZE.pullRequests + i, newest + i * 600_000));
    }
    fake.resetLog();
    const next = await runCli(args);
    if (next.code !== 0) throw new Error(`incremental sync failed (exit ${next.code}):\n${next.stderr}\n${next.stdout}`);
    const nextRequests = fake.requests;
    const kinds = fake.log.map((r) => `${r.operation ?? `${r.method} ${r.path.replace(/^\/repos\/bench\/big/, '') || '(repository)'}`} ${r.status}`).join(', ');
    console.log(
      `sync incremental 10 new PRs: ${fmt(nextRequests)} requests (target <= 5), ${fmt(next.ms / 1000, 2)} s ${nextRequests <= 5 ? 'OK' : 'MISSED'} [${kinds}]`,
    );
  } finally {
    await fake.close();
  }
}
