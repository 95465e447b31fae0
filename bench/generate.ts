/**
 * Deterministic synthetic delivery data for benchmarks: a commit graph with merges, pull
 * requests, deployments on a steady cadence (with failures, rollbacks and hotfixes) and
 * incidents linked to some deployments. Written as NDJSON in the import format, streamed.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A small fast PRNG (mulberry32) so every run generates the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** Yields the records in an order an import accepts: commits first, then the rest. */
export function* generateRecords(o: GenerateOptions): Generator<GeneratedRecord> {
  const rand = prng(42);
  const start = o.end - o.days * 86_400_000;
  const step = (o.end - start) / o.commits;
  const iso = (t: number) => new Date(Math.floor(t)).toISOString();
  yield { type: 'repository', name: 'bench', default_branch: 'main' };
  for (let i = 0; i < o.commits; i++) {
    const t = start + i * step;
    // Every 20th commit merges a commit from ~15 back: the graph is not a plain line.
    const parents = i === 0 ? [] : i % 20 === 0 && i > 20 ? [shaOf(i - 1), shaOf(i - 15)] : [shaOf(i - 1)];
    yield {
      type: 'commit',
      sha: shaOf(i),
      parents,
      author: `dev${Math.floor(rand() * 60)}@example.com`,
      authored_at: iso(t - rand() * 86_400_000),
      committed_at: iso(t),
      message: `change ${i}`,
      additions: Math.floor(rand() * 200),
      deletions: Math.floor(rand() * 80),
    };
  }
  const service = (i: number) => `svc-${i % o.services}`;
  for (let i = 0; i < o.pullRequests; i++) {
    const c = Math.min(o.commits - 1, Math.floor((i + 1) * (o.commits / o.pullRequests)));
    const created = start + c * step - 2 * 86_400_000 * rand();
    yield {
      type: 'pull_request',
      id: `pr-${i}`,
      service: service(i),
      author: `dev${i % 60}@example.com`,
      created_at: iso(created),
      first_review_at: iso(created + 3_600_000 * (1 + rand() * 20)),
      merged_at: iso(start + c * step),
      merge_commit_sha: shaOf(c),
      commit_shas: [shaOf(Math.max(0, c - 1))],
      base_branch: 'main',
    };
  }
  for (let i = 0; i < o.deployments; i++) {
    const c = Math.min(o.commits - 1, Math.floor((i + 1) * (o.commits / o.deployments)) - 1);
    const r = rand();
    const failedRun = r < 0.05;
    const kind = r > 0.97 ? 'hotfix' : r > 0.95 ? 'rollback' : 'regular';
    yield {
      type: 'deployment',
      id: `dep-${i}`,
      service: service(i),
      environment: r > 0.9 && r < 0.92 ? 'staging' : 'production',
      status: failedRun ? 'failure' : 'success',
      started_at: iso(start + c * step),
      finished_at: iso(start + c * step + 600_000),
      commit_sha: shaOf(c),
      kind,
      trigger: kind === 'regular' ? 'planned' : 'incident_remediation',
      remediates_deployment_id: kind !== 'regular' && i > o.services ? `dep-${i - o.services}` : null,
    };
  }
  for (let i = 0; i < o.incidents; i++) {
    const d = Math.floor((i + 0.5) * (o.deployments / o.incidents));
    const t = start + Math.floor((d + 1) * (o.commits / o.deployments)) * step + 3_600_000;
    const open = i === o.incidents - 1;
    yield {
      type: 'incident',
      id: `inc-${i}`,
      service: service(d),
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
