/**
 * The databases the store contract suite runs on (kysely's DATABASES loop): a SQLite file in a
 * temporary folder, and a PostgreSQL schema created for this test file and dropped after it.
 * PostgreSQL is at PANORAMA_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
 * It is required in CI; elsewhere, when no server answers, its suite is skipped with a warning.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { openStore, type Store } from '../../src/storage/index.js';

/** One database the contract suite runs on. */
export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  /** Why this database's suite is skipped here, or undefined to run it. Never set in CI. */
  readonly skipReason: string | undefined;
  /** Prepares an empty database and returns the spec `openStore` takes. */
  setUp(): Promise<string>;
  /** Deletes every row of every table (between tests). */
  clear(): Promise<void>;
  /** Removes the database. */
  tearDown(): Promise<void>;
}

export const PG_URL =
  process.env['PANORAMA_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const TABLES = [
  'organizations',
  'repositories',
  'commits',
  'pull_requests',
  'deployments',
  'incidents',
  'sync_states',
  'raw_payloads',
  'sync_statuses',
  'uptime_samples',
  'debt_items',
];

function sqliteDatabase(): TestDatabase {
  let dir: string | undefined;
  let file: string | undefined;
  return {
    name: 'sqlite',
    skipReason: undefined,
    setUp() {
      dir = mkdtempSync(join(tmpdir(), 'panorama-store-'));
      // A missing parent folder: openStore creates it.
      file = join(dir, 'nested', 'store.db');
      return Promise.resolve(file);
    },
    clear() {
      if (file === undefined) throw new Error('setUp() first');
      // A second connection: WAL lets it write while the store's stays open.
      const db = new Database(file);
      try {
        db.pragma('busy_timeout = 5000');
        db.transaction(() => TABLES.forEach((t) => db.exec(`DELETE FROM ${t}`)))();
      } finally {
        db.close();
      }
      return Promise.resolve();
    },
    tearDown() {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/** Why PostgreSQL cannot be used here, or undefined when it answers. */
async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    const url = new URL(PG_URL);
    if (url.password !== '') url.password = '***';
    return `no PostgreSQL answers at ${url.href} (${error instanceof Error ? error.message || error.name : String(error)})`;
  } finally {
    await client.end();
  }
}

async function postgresDatabase(): Promise<TestDatabase> {
  const unavailable = await probePostgres();
  const required = Boolean(process.env['CI']);
  if (unavailable !== undefined && !required) {
    console.warn(
      `store contract: skipping the PostgreSQL suite: ${unavailable}. Start one or set PANORAMA_TEST_PG_URL.`,
    );
  }
  // One schema per test file run, so parallel runs and other suites never share tables.
  const schema = `store_contract_${process.pid}_${Date.now().toString(36)}`;
  let admin: pg.Client | undefined;
  return {
    name: 'postgres',
    skipReason: required ? undefined : unavailable,
    async setUp() {
      admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5_000 });
      await admin.connect();
      await admin.query(`CREATE SCHEMA "${schema}"`);
      const url = new URL(PG_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return url.href;
    },
    async clear() {
      if (admin === undefined) throw new Error('setUp() first');
      await admin.query(`TRUNCATE ${TABLES.map((t) => `"${schema}"."${t}"`).join(', ')}`);
    },
    async tearDown() {
      if (admin === undefined) return;
      try {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** Every database the contract runs on. */
export const DATABASES: readonly TestDatabase[] = [sqliteDatabase(), await postgresDatabase()];

/**
 * Runs `suite` once per database (kysely's DATABASES loop), each with a fresh store that every
 * test finds emptied; `store()` is the store of the running suite.
 */
export function describeOnDatabases(title: string, suite: (store: () => Store) => void): void {
  for (const db of DATABASES) {
    describe.skipIf(db.skipReason !== undefined)(`${title} on ${db.name}`, () => {
      let store: Store | undefined;
      beforeAll(async () => {
        store = await openStore(await db.setUp());
      });
      afterAll(async () => {
        await store?.close();
        await db.tearDown();
      });
      beforeEach(() => db.clear());
      suite(() => {
        if (store === undefined) throw new Error('the store opens in beforeAll');
        return store;
      });
    });
  }
}
