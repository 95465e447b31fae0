/**
 * Resolves the config from flags and environment, opens the store it names and makes sure the
 * organisation exists. Every command that touches data starts here.
 */
import { loadConfig, type ResolvedConfig } from '../config/load-config.js';
import { openStore } from '../storage/index.js';
import type { Store } from '../storage/store.js';
import type { CliIo } from './io.js';
import type { GlobalOptions } from './main.js';

export async function openFromFlags(
  flags: GlobalOptions & { timezone?: string },
  io: CliIo,
): Promise<{ config: ResolvedConfig; store: Store }> {
  const config = loadConfig({ flags, env: io.env, cwd: io.cwd });
  const store = await openStore(config.db);
  return { config, store };
}

/** Runs `fn` with an open store and always closes it. */
export async function withStore<T>(
  flags: GlobalOptions & { timezone?: string },
  io: CliIo,
  fn: (ctx: { config: ResolvedConfig; store: Store }) => Promise<T>,
): Promise<T> {
  const ctx = await openFromFlags(flags, io);
  try {
    return await fn(ctx);
  } finally {
    await ctx.store.close();
  }
}
