/**
 * The SQLite store checkpoints the WAL of its transactions on a worker thread: the commit does
 * not copy the pages back itself, a worker with its own connection does, and closing waits for
 * it. Real files, a real worker thread.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingWalBytes } from '../../src/storage/sqlite/background-checkpoint.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { commit } from './store-fixtures.js';

const hex = (n: number): string => n.toString(16).padStart(40, '0');
const commits = (count: number) =>
  Array.from({ length: count }, (_, i) => commit({ sha: hex(i + 1), parents: i === 0 ? [] : [hex(i)], message: `change ${i} ${'x'.repeat(200)}` }));

/** The connection's automatic checkpoint setting (read through the store's own handle). */
function autocheckpoint(store: SqliteStore): number {
  const native = (store as unknown as { ctx: { native: { pragma(sql: string, o: { simple: true }): number } } }).ctx.native;
  return native.pragma('wal_autocheckpoint', { simple: true });
}

describe('background WAL checkpoints of the SQLite store', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'panorama-checkpoint-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies a committed transaction into the database file on a worker thread', async () => {
    const file = join(dir, 'big.db');
    const store = SqliteStore.open(file, { checkpointBytes: 64 * 1024 });
    await store.migrate();
    await store.checkpoints.idle();
    const before = statSync(file).size;
    await store.transaction(async (tx) => {
      await tx.upsertCommits(commits(3000));
    });
    const pending = pendingWalBytes(file);
    // Inside the transaction automatic checkpoints were off; after it they are back on.
    expect(autocheckpoint(store)).toBe(10_000);
    await store.checkpoints.idle();
    const outcome = store.checkpoints.last;
    expect(outcome).toMatchObject({ ok: true, busy: 0 });
    expect(outcome?.log).toBeGreaterThan(100);
    expect(outcome?.checkpointed).toBe(outcome?.log);
    // The pages are in the database file while the store is still open.
    expect(statSync(file).size).toBeGreaterThan(before + 600_000);
    // The wal-index said how much was waiting: every frame the worker copied, none left.
    expect(pending).toBe((outcome?.log ?? 0) * (4096 + 24));
    expect(pendingWalBytes(file)).toBe(0);
    // The -wal file keeps its size, but nothing in it waits: small transactions start no worker.
    for (let i = 0; i < 3; i++) {
      await store.transaction(async (tx) => {
        await tx.upsertCommits(commits(1));
      });
    }
    await store.checkpoints.idle();
    expect(store.checkpoints.last).toBe(outcome);
    expect(await store.countRecords('acme')).toMatchObject({ commits: 3000 });
    await store.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = SqliteStore.open(file);
    expect(await reopened.countRecords('acme')).toMatchObject({ commits: 3000 });
    await reopened.close();
  });

  it('keeps the process alive until a running checkpoint ends, so the exit code set after close() holds', () => {
    const file = join(dir, 'exit.db');
    const script = join(dir, 'exit.mts');
    writeFileSync(
      script,
      [
        `import { SqliteStore } from ${JSON.stringify(join(process.cwd(), 'src/storage/sqlite/sqlite-store.ts'))};`,
        `const store = SqliteStore.open(${JSON.stringify(file)}, { checkpointBytes: 1 });`,
        'await store.migrate();',
        `const rows = Array.from({ length: 2000 }, (_, i) => ({ org: 'acme', repository: 'r', sha: i.toString(16).padStart(40, '0'), parents: [], author: 'a', authoredAt: 0, committedAt: 0, message: 'x'.repeat(300), additions: null, deletions: null, services: [], origin: { source: 'git', rawId: null }, extra: null }));`,
        'await store.transaction(async (tx) => { await tx.upsertCommits(rows); });',
        'await store.close();',
        "process.stdout.write(String(store.checkpoints.last?.ok));",
        'process.exitCode = 7;',
      ].join('\n'),
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('true');
    expect(child.status).toBe(7);
  });

  it('starts none while the WAL is below the threshold', async () => {
    const store = SqliteStore.open(join(dir, 'small.db'));
    await store.migrate();
    await store.transaction(async (tx) => {
      await tx.upsertCommits(commits(10));
    });
    await store.checkpoints.idle();
    expect(store.checkpoints.last).toBeNull();
    await store.close();
  });

  it('turns automatic checkpoints back on after a transaction that fails', async () => {
    const store = SqliteStore.open(join(dir, 'failed.db'), { checkpointBytes: 1 });
    await store.migrate();
    const error = await store
      .transaction(async (tx) => {
        await tx.upsertCommits(commits(5));
        throw new Error('refused');
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringContaining('refused') as unknown });
    expect(autocheckpoint(store)).toBe(10_000);
    expect(await store.countRecords('acme')).toMatchObject({ commits: 0 });
    await store.close();
  });

  it('reports a transaction on a closed store as a storage error, as before', async () => {
    const store = SqliteStore.open(join(dir, 'closed.db'));
    await store.migrate();
    await store.close();
    const error = await store.transaction(async () => undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError' });
  });
});
