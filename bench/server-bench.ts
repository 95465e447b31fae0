/**
 * `npm run bench -- server`: the team server under load, on this machine, through the compiled
 * CLI (`panorama serve` in a child process) on 127.0.0.1.
 *
 * 1. Webhooks: for 60 s (then it stops by itself) CONCURRENCY keep-alive connections post signed
 *    GitHub deployment_status webhooks, each a new deployment, into SQLite and into PostgreSQL.
 *    Printed: webhooks/s, p50/p99 latency, zero lost (deliveries and deployments stored = requests
 *    accepted), the server's RSS every 10 s. Targets: >= 1,000/s with p99 < 100 ms.
 * 2. Report: GET /api/v1/orgs/bench/metrics on the report benchmark's dataset (1M commits,
 *    50,000 deployments, 5,000 incidents): the first (computing) request, then p50/p95 of
 *    cached ones, then the first request after a new webhook (recomputed, never stale).
 *    Target: p95 < 50 ms for the default answer (every number, without the per-record evidence
 *    lists). Also printed: the whole report with its evidence (`evidence=true`, 34 MB), plain
 *    and gzipped, and a page of 100 changes from /metrics/evidence.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../src/storage/index.js';
import { generateRecords, writeNdjson } from './generate.js';
import { CACHE, fmt, freshPgDatabase, ROOT, runCli } from './harness.js';

/** The report benchmark's dataset and window end (bench/report-bench.ts, one service). */
const REPORT_END = Date.UTC(2026, 10, 1);
async function reportDataset(): Promise<string> {
  const file = join(CACHE, 'report-1.ndjson');
  if (!existsSync(file)) {
    process.stdout.write('generating 1M commits over 1 service(s) ... ');
    await writeNdjson(file, generateRecords({ commits: 1_000_000, pullRequests: 0, deployments: 50_000, incidents: 5_000, services: 1, end: REPORT_END, days: 720 }));
    process.stdout.write('done\n');
  }
  return file;
}

const DURATION_MS = Number(process.env['PANORAMA_BENCH_SECONDS'] ?? 60) * 1000;
const CONCURRENCY = 32;
const SECRET_KEY = 'bench-server-key-0123456789abcdef0123456789';
const env = { ...process.env, NO_COLOR: '1', PANORAMA_SECRET_KEY: SECRET_KEY };

interface Server {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Starts `panorama serve` on a free port and waits until it listens. */
function startServer(db: string): Promise<Server> {
  const args = ['bench/cli-worker.mjs', 'serve', '--db', db, '--port', '0', '--no-login', '--log-level', 'warn', '--rate-limit', '10000000'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /at http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) {
        const stopped = new Promise<void>((done) => child.once('exit', () => done()));
        resolve({ child, port: Number(m[1]), stop: () => (child.kill('SIGTERM'), stopped) });
      }
    });
    child.stdout!.on('data', () => undefined);
    child.once('exit', (code) => reject(new Error(`panorama serve exited (${code}) before listening:\n${stderr}`)));
  });
}

/** CPU seconds (user + system) a process has used (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The server's resident memory in MB (Linux /proc). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;
}

/**
 * One HTTP request on a keep-alive agent; resolves with status, body (unless `keepBody` is
 * false: then only its size is counted, as a client streaming it would) and milliseconds.
 */
function request(agent: http.Agent, port: number, method: string, path: string, headers: Record<string, string>, body?: string, keepBody = true): Promise<{ status: number; body: string; bytes: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (keepBody) chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), bytes, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A deployment_status payload (the shape of test/fixtures/webhooks) for deployment `n`, finished at `at`. */
function payloadMaker(): (n: number, at?: string) => string {
  const template = readFileSync(join(ROOT, 'test/fixtures/webhooks/github-deployment_status.json'), 'utf8');
  return (n, at = new Date().toISOString()) =>
    template
      .replaceAll('981234', String(10_000_000 + n))
      .replaceAll('4410021', String(20_000_000 + n))
      .replace('"sha": "3f786850e387550fdab836ed7e6dc881de23001b"', `"sha": "${n.toString(16).padStart(40, '0')}"`)
      .replaceAll('2026-03-10T14:05:00Z', at);
}

async function webhookLoad(name: string, db: string): Promise<void> {
  const server = await startServer(db);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const secret = createHmac('sha256', SECRET_KEY).update('bench:github', 'utf8').digest('hex');
  const make = payloadMaker();
  const latencies: number[] = [];
  const rss: number[] = [rssMb(server.child.pid!)];
  let next = 0;
  let accepted = 0;
  let failed = 0;
  const started = performance.now();
  const cpuBefore = cpuSeconds(server.child.pid!);
  const ownBefore = process.cpuUsage();
  const end = started + DURATION_MS;
  const sampler = setInterval(() => rss.push(rssMb(server.child.pid!)), 10_000);
  const worker = async () => {
    while (performance.now() < end) {
      const n = next++;
      const body = make(n);
      const headers = {
        'content-type': 'application/json',
        'x-github-event': 'deployment_status',
        'x-github-delivery': `bench-${n}`,
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`,
      };
      const r = await request(agent, server.port, 'POST', '/webhooks/github/bench', headers, body);
      latencies.push(r.ms);
      if (r.status === 200 && r.body.includes('"accepted"')) accepted++;
      else if (failed++ < 3) console.error(`  ${name}: ${r.status} ${r.body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  rss.push(rssMb(server.child.pid!));
  const serverCpu = (cpuSeconds(server.child.pid!) - cpuBefore) / seconds;
  const own = process.cpuUsage(ownBefore);
  const loadCpu = (own.user + own.system) / 1e6 / seconds;
  agent.destroy();
  await server.stop();

  const store = await openStore(db);
  const deliveries = await store.countWebhookDeliveries({ org: 'bench', source: 'github' });
  const deployments = (await store.countRecords('bench')).deployments;
  await store.close();
  latencies.sort((a, b) => a - b);
  const rate = accepted / seconds;
  const p99 = percentile(latencies, 0.99);
  const lost = accepted - deployments;
  const verdict = rate >= 1000 && p99 < 100 && lost === 0 && deliveries === accepted ? 'OK' : 'MISSED';
  console.log(
    `server webhooks ${name.padEnd(10)} ${fmt(rate)} webhooks/s (target >= 1,000), p50 ${fmt(percentile(latencies, 0.5), 1)} ms, ` +
      `p99 ${fmt(p99, 1)} ms (target < 100); ${fmt(accepted)} accepted, ${fmt(failed)} failed, ${fmt(deliveries)} deliveries and ` +
      `${fmt(deployments)} deployments stored (lost ${lost}) ${verdict}`,
  );
  console.log(`  server RSS every 10 s (MB): ${rss.map((m) => fmt(m)).join(' ')}; server CPU ${fmt(serverCpu * 100)}% of a core, load generator ${fmt(loadCpu * 100)}%`);
}

async function reportLoad(name: string, db: string): Promise<void> {
  const imported = await runCli(['import', await reportDataset(), '--db', db, '--org', 'bench', '--quiet']);
  if (imported.code !== 0) throw new Error(`import into ${name} failed:\n${imported.stderr}`);
  const created = await runCli(['token', 'create', '--db', db, '--org', 'bench', '--name', 'bench']);
  const token = created.stdout.trim().split('\n').filter((l) => l.startsWith('pan_')).pop();
  if (token === undefined) throw new Error(`token create failed:\n${created.stderr}`);
  const server = await startServer(db);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const since = new Date(REPORT_END - 90 * 86_400_000).toISOString();
  const until = new Date(REPORT_END).toISOString();
  const path = `/api/v1/orgs/bench/metrics?since=${since}&until=${until}`;
  const auth = { authorization: `Bearer ${token}` };
  try {
    const cold = await request(agent, server.port, 'GET', path, auth);
    if (cold.status !== 200) throw new Error(`metrics answered ${cold.status}: ${cold.body.slice(0, 300)}`);
    const timed = async (headers: Record<string, string>, url = path) => {
      const ms: number[] = [];
      let bytes = 0;
      for (let round = 0; round < 100; round++) {
        const answers = await Promise.all(Array.from({ length: 4 }, () => request(agent, server.port, 'GET', url, headers, undefined, false)));
        for (const a of answers) ms.push(a.ms);
        bytes = answers[0]!.bytes;
      }
      return { ms: ms.sort((a, b) => a - b), bytes };
    };
    // The default answer (every number, without the per-record evidence lists): the target.
    const { ms: warm, bytes: leanBytes } = await timed(auth);
    // The whole report with its evidence lists (what `report --format json` prints), plain and gzipped.
    const fullPath = `${path}&evidence=true`;
    await request(agent, server.port, 'GET', fullPath, auth);
    const { ms: full, bytes: fullBytes } = await timed(auth, fullPath);
    const { ms: zipped, bytes: zippedBytes } = await timed({ ...auth, 'accept-encoding': 'gzip' }, fullPath);
    // One page of the biggest evidence list, from the same cached report.
    const pagePath = `/api/v1/orgs/bench/metrics/evidence?since=${since}&until=${until}&list=change_lead_time.per_change&offset=50000&limit=100`;
    const { ms: page } = await timed(auth, pagePath);
    // New data: the next answer must include it (recomputed), then it is cached again.
    const secret = createHmac('sha256', SECRET_KEY).update('bench:github', 'utf8').digest('hex');
    const body = payloadMaker()(99_999_999, new Date(REPORT_END - 86_400_000).toISOString());
    const signature = `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
    await request(agent, server.port, 'POST', '/webhooks/github/bench', { 'content-type': 'application/json', 'x-github-event': 'deployment_status', 'x-github-delivery': 'bench-fresh', 'x-hub-signature-256': signature }, body);
    const fresh = await request(agent, server.port, 'GET', path, auth);
    const before = (JSON.parse(cold.body) as { dora: { deployment_frequency: { count: number } } }).dora.deployment_frequency.count;
    const after = (JSON.parse(fresh.body) as { dora: { deployment_frequency: { count: number } } }).dora.deployment_frequency.count;
    const p95 = percentile(warm, 0.95);
    console.log(
      `server metrics  ${name.padEnd(10)} first ${fmt(cold.ms)} ms (computes); cached (${fmt(leanBytes / 1e3)} kB) p50 ${fmt(percentile(warm, 0.5), 1)} ms, ` +
        `p95 ${fmt(p95, 1)} ms (target < 50) over ${warm.length} requests ${p95 < 50 ? 'OK' : 'MISSED'}; ` +
        `evidence=true (${fmt(fullBytes / 1e6, 1)} MB) p50 ${fmt(percentile(full, 0.5), 1)} ms, p95 ${fmt(percentile(full, 0.95), 1)} ms, ` +
        `gzipped (${fmt(zippedBytes / 1e6, 1)} MB) p50 ${fmt(percentile(zipped, 0.5), 1)} ms, p95 ${fmt(percentile(zipped, 0.95), 1)} ms; ` +
        `an evidence page of 100 changes p50 ${fmt(percentile(page, 0.5), 1)} ms, p95 ${fmt(percentile(page, 0.95), 1)} ms; ` +
        `after a new deployment ${fmt(fresh.ms)} ms, deployments ${before} -> ${after} ${after === before + 1 ? '(fresh)' : '(STALE)'}`,
    );
  } finally {
    agent.destroy();
    await server.stop();
  }
}

/**
 * The benchmark: webhooks then report, on SQLite and PostgreSQL. PANORAMA_BENCH_SERVER=webhooks
 * or =report runs one half; PANORAMA_BENCH_SECONDS shortens the webhook runs.
 */
export async function serverBench(): Promise<void> {
  const part = process.env['PANORAMA_BENCH_SERVER'];
  if (part !== 'report') {
    const sqlite = join(CACHE, 'server-webhooks.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(sqlite + suffix, { force: true });
    await webhookLoad('SQLite', sqlite);
    await webhookLoad('PostgreSQL', await freshPgDatabase('panorama_bench_server_webhooks'));
  }
  if (part !== 'webhooks') {
    const reportSqlite = join(CACHE, 'server-report.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(reportSqlite + suffix, { force: true });
    await reportLoad('SQLite', reportSqlite);
    await reportLoad('PostgreSQL', await freshPgDatabase('panorama_bench_server_report'));
  }
}
