/**
 * The only reader of `process.env` and config files. Precedence: flags > env > file > defaults.
 * Every problem of a config file is listed (with its line) before anything runs; the result is
 * a deep-frozen ResolvedConfig passed down explicitly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { slugify } from '../domain/index.js';
import { ConfigError } from '../shared/errors.js';
import { configFileSchema, type ConfigFile } from './schema.js';

export const DEFAULT_DB = './.panorama/panorama.db';
export const CONFIG_FILE_NAME = 'panorama.config.yaml';

/** Flags a command may pass; undefined means "not given". */
export interface ConfigFlags {
  db?: string;
  org?: string;
  config?: string;
  timezone?: string;
}

export interface ResolvedConfig {
  /** A SQLite file path (absolute) or a postgres:// URL. */
  db: string;
  org: { id: string; name: string };
  timezone: string;
  /** The config file read, or null. */
  configFile: string | null;
  file: ConfigFile;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Reads and validates a config file, listing every problem as `file:line: path: message`. */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('CONFIG_FILE_UNREADABLE', `${path}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, { cause: error });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const at = lineCounter.linePos(e.pos[0]);
      return `${path}:${at.line}:${at.col}: ${e.message.split('\n')[0]}`;
    });
    throw new ConfigError('CONFIG_INVALID', `invalid YAML in the config file:\n${lines.join('\n')}`);
  }
  const parsed = configFileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const node = doc.getIn(issue.path as Array<string | number>, true) as { range?: [number, number] } | undefined;
      const line = node?.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
      const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
      return `${path}${line}: ${where}: ${issue.message}`;
    });
    throw new ConfigError('CONFIG_INVALID', `the config file has ${lines.length} problem${lines.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    // RangeError is the only answer Intl gives for an unknown zone: that is the check itself.
    return false;
  }
}

/** Merges flags, environment (PANORAMA_DB, PANORAMA_ORG, PANORAMA_TIMEZONE), file and defaults. */
export function loadConfig(input: { flags: ConfigFlags; env: NodeJS.ProcessEnv; cwd: string }): ResolvedConfig {
  const { flags, env, cwd } = input;
  const explicit = flags.config ?? env['PANORAMA_CONFIG'];
  const candidate = explicit ? resolve(cwd, explicit) : resolve(cwd, CONFIG_FILE_NAME);
  if (explicit && !existsSync(candidate)) {
    throw new ConfigError('CONFIG_FILE_UNREADABLE', `${candidate}: no such config file; check --config or PANORAMA_CONFIG.`);
  }
  const configFile = existsSync(candidate) ? candidate : null;
  const file = configFile ? readConfigFile(configFile) : configFileSchema.parse({});
  const base = configFile ? dirname(configFile) : cwd;

  const dbSpec = flags.db ?? env['PANORAMA_DB'] ?? file.database ?? DEFAULT_DB;
  const db = /^postgres(ql)?:\/\//i.test(dbSpec) ? dbSpec : resolve(flags.db || env['PANORAMA_DB'] ? cwd : base, dbSpec);
  const orgName = flags.org ?? env['PANORAMA_ORG'] ?? file.organization ?? 'default';
  const timezone = flags.timezone ?? env['PANORAMA_TIMEZONE'] ?? file.timezone ?? 'UTC';
  // A --timezone flag is checked where it is used (REPORT_BAD_TIMEZONE, a usage error).
  if (flags.timezone === undefined && !isValidTimeZone(timezone)) {
    throw new ConfigError('CONFIG_INVALID', `unknown time zone "${timezone}": use an IANA name such as UTC, Europe/Paris or America/New_York.`);
  }
  const repositories = file.repositories.map((r) => ({ ...r, path: resolve(base, r.path) }));
  return deepFreeze({
    db,
    org: { id: slugify(orgName), name: orgName },
    timezone,
    configFile,
    file: { ...file, repositories },
  });
}
