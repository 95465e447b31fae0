/**
 * Regenerates docs/dashboard.png, the README's screenshot: analyses the bundled demo into a
 * temporary database, serves it, and photographs the overview at 1280x800 in Debian's
 * Chromium. Run with `npx tsx scripts/dashboard-screenshot.ts` after `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chromium } from 'playwright-core';
import { main } from '../src/cli/main.js';
import { buildApp } from '../src/server/app.js';
import { issueToken } from '../src/server/auth/api-tokens.js';
import { createLogger } from '../src/server/logging.js';
import { resolveServerOptions } from '../src/server/options.js';
import { openStore } from '../src/storage/index.js';

const dir = mkdtempSync(join(tmpdir(), 'panorama-shot-'));
const db = join(dir, 'panorama.db');
const quiet = new Writable({ write: (_c, _e, done) => done() });
const io = { stdout: quiet, stderr: process.stderr, env: { NO_COLOR: '1' }, cwd: dir, now: () => Date.now() };
const code = await main(['node', 'panorama', 'analyze', '--demo', '--db', db, '--quiet'], io);
if (code !== 0) throw new Error(`analyze --demo exited ${code}`);

const store = await openStore(db);
const app = await buildApp(store, resolveServerOptions({ secretKey: Buffer.from('panorama-screenshot'), logger: createLogger({ level: 'warn' }) }));
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const { token, record } = issueToken({ kind: 'login', org: null, role: 'viewer', name: 'screenshot', ttlMs: 600_000 }, Date.now());
await store.createApiToken(record);

const browser = await chromium.launch({
  executablePath: execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim(),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${base}/login?token=${token}`);
  await page.goto(`${base}/?org=demo-shop&window=90&until=2026-11-20`);
  await page.getByTestId('value-deployment_frequency').waitFor();
  await page.getByTestId('timeline-chart').waitFor();
  await page.waitForTimeout(500); // let the charts settle
  await page.screenshot({ path: 'docs/dashboard.png' });
  console.log('wrote docs/dashboard.png');
} finally {
  await browser.close();
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
