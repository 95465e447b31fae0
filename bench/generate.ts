/**
 * Deterministic synthetic delivery data for benchmarks: a commit graph with merges, pull
 * requests, deployments on a steady cadence (with failures, rollbacks and hotfixes) and
 * incidents linked to some deployments. Written as NDJSON in the import format, streamed.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from '../src/demo/demo-people.js';

/** The demo's deterministic PRNG (mulberry32): every run generates the same data. */
export const prng = seededRandom;

export function shaOf(n: number): string {
  return n.toString(16).padStart(8, '0').repeat(5);
}

export interface GenerateOptions {
  commits: number;
  pullRequests: number;
  deployments: number;
  incidents: number;
  services: number;
  /** End of the generated history; it spans `days` before. */
  end: number;
  days: number;
}

export interface GeneratedRecord {
  type: string;
  [key: string]: unknown;
}

/**
 * Yields the records in an order an import accepts: commits first, then the rest. Service `i`
 * deploys from repository `repo-i` when `services > 1` (one repository per service, as real
 * organisations with many services have); otherwise everything is one repository.
 */
export function* generateRecords(o: GenerateOptions): Generator<GeneratedRecord> {
  const rand = prng(42);
  const start = o.end - o.days * 86_400_000;
  const repos = o.services;
  const perRepo = Math.ceil(o.commits / repos);
  const step = (o.end - start) / perRepo;
  const iso = (t: number) => new Date(Math.floor(t)).toISOString();
  // Commit n of repository r has global number r * perRepo + n, so SHAs never collide.
  const sha = (r: number, n: number) => shaOf(r * perRepo + n);
  const repoName = (r: number) => (repos === 1 ? 'bench' : `repo-${r}`);
  for (let r = 0; r < repos; r++) {
    yield { type: 'repository', name: repoName(r), default_branch: 'main' };
    const count = Math.min(perRepo, o.commits - r * perRepo);
    for (let i = 0; i < count; i++) {
      const t = start + i * step;
      // Every 20th commit merges a commit from ~15 back: the graph is not a plain line.
      const parents = i === 0 ? [] : i % 20 === 0 && i > 20 ? [sha(r, i - 1), sha(r, i - 15)] : [sha(r, i - 1)];
      yield {
        type: 'commit',
        repository: repoName(r),
        sha: sha(r, i),
        parents,
        author: `dev${Math.floor(rand() * 60)}@example.com`,
        authored_at: iso(t - rand() * 86_400_000),
        committed_at: iso(t),
        message: `change ${i}`,
        additions: Math.floor(rand() * 200),
        deletions: Math.floor(rand() * 80),
      };
    }
  }
  // Item k of a per-service sequence of n items lands on commit position k * perRepo / n.
  const at = (k: number, n: number) => Math.min(perRepo - 1, Math.floor(((k + 1) * perRepo) / n) - 1);
  const perService = (n: number) => Math.max(1, Math.ceil(n / repos));
  for (let i = 0; i < o.pullRequests; i++) {
    const r = i % repos;
    const c = at(Math.floor(i / repos), perService(o.pullRequests));
    const created = start + c * step - 2 * 86_400_000 * rand();
    yield {
      type: 'pull_request',
      id: `pr-${i}`,
      repository: repoName(r),
      service: `svc-${r}`,
      author: `dev${i % 60}@example.com`,
      created_at: iso(created),
      first_review_at: iso(created + 3_600_000 * (1 + rand() * 20)),
      merged_at: iso(start + c * step),
      merge_commit_sha: sha(r, c),
      commit_shas: [sha(r, Math.max(0, c - 1))],
      base_branch: 'main',
    };
  }
  const deploymentTime = (i: number) => start + at(Math.floor(i / repos), perService(o.deployments)) * step + 600_000;
  for (let i = 0; i < o.deployments; i++) {
    const r = i % repos;
    const c = at(Math.floor(i / repos), perService(o.deployments));
    const x = rand();
    const failedRun = x < 0.05;
    const kind = x > 0.97 ? 'hotfix' : x > 0.95 ? 'rollback' : 'regular';
    yield {
      type: 'deployment',
      id: `dep-${i}`,
      repository: repoName(r),
      service: `svc-${r}`,
      environment: x > 0.9 && x < 0.92 ? 'staging' : 'production',
      status: failedRun ? 'failure' : 'success',
      started_at: iso(deploymentTime(i) - 600_000),
      finished_at: iso(deploymentTime(i)),
      commit_sha: sha(r, c),
      kind,
      trigger: kind === 'regular' ? 'planned' : 'incident_remediation',
      remediates_deployment_id: kind !== 'regular' && i >= repos ? `dep-${i - repos}` : null,
    };
  }
  for (let i = 0; i < o.incidents; i++) {
    const d = Math.min(o.deployments - 1, Math.floor((i + 0.5) * (o.deployments / o.incidents)));
    const t = deploymentTime(d) + 3_600_000;
    const open = i === o.incidents - 1;
    yield {
      type: 'incident',
      id: `inc-${i}`,
      service: `svc-${d % repos}`,
      started_at: iso(t),
      detected_at: iso(t + 300_000),
      acknowledged_at: iso(t + 600_000),
      resolved_at: open ? null : iso(t + 3_600_000 * (0.5 + rand() * 6)),
      caused_by_deployment_id: rand() < 0.7 ? `dep-${d}` : null,
      severity: ['sev1', 'sev2', 'sev3'][i % 3],
    };
  }
}

/** Writes the records as NDJSON to `path`, honouring back-pressure. */
export async function writeNdjson(path: string, records: Iterable<GeneratedRecord>): Promise<number> {
  const out = createWriteStream(path);
  let n = 0;
  for (const r of records) {
    n++;
    if (!out.write(`${JSON.stringify(r)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return n;
}
