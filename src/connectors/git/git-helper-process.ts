/**
 * Runs every git process of Panorama from a small helper process, and streams their stdout back.
 *
 * Why a process: Node starts a child with `fork()`. Forking copies the parent's page tables and
 * marks every page copy-on-write, so after each spawn the parent faults again on every page it
 * writes. An ingest holds hundreds of megabytes (its heap, SQLite's page cache) and the sizes
 * pass starts a git process per chunk of commits: on a virtual machine where a page fault is
 * expensive, 250 spawns made a 1M-commit ingest 5 times slower (measured: 1M SQLite inserts
 * took 14 s alone and 87 s with 250 `spawnSync('true')` between them). The helper is forked
 * once, early, while Panorama is still small, and forks git from its own few tens of megabytes.
 *
 * Why it reads too: a pipe holds 64 KB. The main thread only empties it when its event loop
 * turns, and while it maps commits and writes them to the database, git would block on the full
 * pipe: the two took turns instead of running on two cores at once. The helper always drains
 * git's pipes; a per-process read-ahead limit (acknowledged by the consumer) keeps memory bounded.
 *
 * Protocol: the main process writes JSON lines to the helper's stdin (`start`, `ack`, `kill`,
 * and `folder` and `forget` for temporary folders);
 * the helper writes frames to its stdout: a 9-byte header (stream id u32, type u8, length u32)
 * and the payload (git's bytes, or the JSON of how git ended). One pipe per direction keeps a
 * stream's end after its last bytes. The helper exits when its stdin closes (Panorama exited,
 * even by `kill -9` or Ctrl-C, which the helper itself ignores), or on SIGTERM or SIGHUP,
 * killing any git it still runs and removing the temporary folders Panorama registered
 * (`registerTempFolder`) and has not removed. It does not keep Panorama alive while no stream
 * is open.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { HELPER_SOURCE } from './git-helper-source.js';

/** Frame types of the helper's stdout: git's bytes, how git ended, and (3) git could not start. */
const DATA = 1;
const EXIT = 2;
/** A frame's header: stream id (u32), type (u8), payload length (u32). */
const HEADER_BYTES = 9;

/**
 * A spawn failure as the helper saw it: `code` is `ENOENT` when git is missing, `CWD_MISSING`
 * when the folder to run it in does not exist, `OUTPUT_UNWRITABLE` when its output file could
 * not be created.
 */
export class GitSpawnError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'GitSpawnError';
  }
}

/** How one git process ended: its exit code (null: killed) and the end of its stderr. */
export interface GitExit {
  code: number | null;
  stderr: string;
}

interface StreamState {
  queue: Buffer[];
  ended: boolean;
  failure: { error: unknown } | null;
  wake: (() => void) | null;
  settle: (exit: GitExit | { error: unknown }) => void;
}

type HelperChild = ChildProcessByStdio<Writable, Readable, null>;

/** The helper process, its frame parser's state, and the streams it serves. */
interface Helper {
  child: HelperChild;
  /** The reads of an incomplete frame (header or payload), carried to the next read. */
  carry: Buffer[];
  carryBytes: number;
  /** Bytes the incomplete frame needs in all before it can be parsed. */
  needBytes: number;
  send(message: Record<string, unknown>): void;
}

let helper: Helper | null = null;
let nextId = 1;
const streams = new Map<number, StreamState>();

function wakeUp(state: StreamState): void {
  const wake = state.wake;
  state.wake = null;
  wake?.();
}

function onFrame(id: number, type: number, payload: Buffer): void {
  const state = streams.get(id);
  if (!state) return;
  if (type === DATA) {
    state.queue.push(payload);
  } else {
    streams.delete(id);
    if (streams.size === 0) setReferenced(false);
    state.ended = true;
    const body = JSON.parse(payload.toString('utf8')) as { code: number | string | null; message?: string; stderr?: string };
    if (type !== EXIT) {
      const error = new GitSpawnError(body.message ?? 'git could not be started', typeof body.code === 'string' ? body.code : null);
      state.failure = { error };
      state.settle({ error });
    } else {
      state.settle({ code: typeof body.code === 'number' ? body.code : null, stderr: body.stderr ?? '' });
    }
  }
  wakeUp(state);
}

/**
 * Splits the helper's stdout into frames; a frame may span reads (a data frame is up to
 * 256 KB, a read 64 KB), a read may hold many. An incomplete frame's reads are kept as they
 * came and joined once, when the last one arrives.
 */
function onHelperOutput(h: Helper, chunk: Buffer): void {
  h.carry.push(chunk);
  h.carryBytes += chunk.length;
  if (h.carryBytes < h.needBytes) return;
  const buf = h.carry.length === 1 ? chunk : Buffer.concat(h.carry, h.carryBytes);
  let at = 0;
  h.needBytes = HEADER_BYTES;
  while (buf.length - at >= HEADER_BYTES) {
    const length = buf.readUInt32LE(at + 5);
    if (buf.length - at - HEADER_BYTES < length) {
      h.needBytes = HEADER_BYTES + length;
      break;
    }
    // A view, not a copy: the read's buffer lives as long as its last frame is queued.
    onFrame(buf.readUInt32LE(at), buf.readUInt8(at + 4), buf.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length));
    at += HEADER_BYTES + length;
  }
  h.carry = at < buf.length ? [buf.subarray(at)] : [];
  h.carryBytes = buf.length - at;
}

function failAll(error: unknown): void {
  for (const state of streams.values()) {
    state.ended = true;
    state.failure = { error };
    state.settle({ error });
    wakeUp(state);
  }
  streams.clear();
}

/** Keeps Panorama alive while a stream is open, and only then. */
function setReferenced(on: boolean): void {
  if (!helper) return;
  const { child } = helper;
  const sockets = [child.stdin, child.stdout] as unknown as Array<{ ref?: () => void; unref?: () => void }>;
  if (on) {
    child.ref();
    for (const s of sockets) s.ref?.();
  } else {
    child.unref();
    for (const s of sockets) s.unref?.();
  }
}

function startHelper(): Helper {
  if (helper) return helper;
  const env = { ...process.env };
  // The helper is plain JavaScript: no loader of the parent (tsx, a test runner) applies to it.
  delete env['NODE_OPTIONS'];
  const child = spawn(process.execPath, ['-e', HELPER_SOURCE], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const h: Helper = {
    child,
    carry: [],
    carryBytes: 0,
    needBytes: HEADER_BYTES,
    send(message) {
      child.stdin.write(`${JSON.stringify(message)}\n`);
    },
  };
  const gone = (error: Error): void => {
    if (helper !== h) return;
    helper = null;
    failAll(error);
  };
  child.stdout.on('data', (chunk: Buffer) => onHelperOutput(h, chunk));
  child.stdin.on('error', () => undefined);
  child.once('error', (error) => gone(new Error(`the git helper process (${process.execPath}) could not start: ${error.message}; check that this Node.js can start processes (memory, process limits) and run again`)));
  child.once('exit', (code, signal) => gone(new Error(`the git helper process stopped (${signal ?? `exit ${code}`}) while git ran: run the command again`)));
  helper = h;
  return h;
}

/**
 * Has the helper remove `folder` (recursively) should Panorama die before it removes it itself
 * and calls `forgetTempFolder`: a temporary folder of git output files (`HelperGit.outputFile`).
 */
export function registerTempFolder(folder: string): void {
  startHelper().send({ type: 'folder', path: folder });
}

/** Undoes `registerTempFolder` once Panorama removed the folder itself. */
export function forgetTempFolder(folder: string): void {
  helper?.send({ type: 'forget', path: folder });
}

/** The helper's process id while it runs (for diagnostics and tests), else null. */
export function gitHelperPid(): number | null {
  return helper?.child.pid ?? null;
}

/** What to run: git's arguments, its folder and environment, and what to write to its stdin. */
export interface HelperGit {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  input: string;
  /** Bytes read ahead of the consumer before git is paused. */
  limitBytes: number;
  /** Stderr kept (its end). */
  stderrLimit: number;
  /**
   * A file (that must not exist yet) git writes its stdout to, instead of a pipe the helper
   * relays: for large outputs read whole once git is done (`chunks` then yields nothing).
   */
  outputFile?: string;
}

/** A running git process: its output in batches, then how it ended. */
export interface HelperStream {
  /** Every chunk queued since the last batch, in order; ends when git's stdout closes. */
  chunks: AsyncGenerator<Buffer[], void, undefined>;
  /** How git ended; rejects with GitSpawnError when it could not start. */
  exited: Promise<GitExit>;
  /** Stops git (when the consumer gives up early). */
  kill(): void;
}

/** Starts git from the helper process (see the module comment). */
export function spawnGitInHelper(run: HelperGit): HelperStream {
  const h = startHelper();
  const id = nextId++;
  let settle: StreamState['settle'] = () => undefined;
  const exited = new Promise<GitExit>((resolve, reject) => {
    settle = (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome));
  });
  // Read through `chunks`; this handler only keeps an early stop from being unhandled.
  exited.catch(() => undefined);
  const state: StreamState = { queue: [], ended: false, failure: null, wake: null, settle };
  streams.set(id, state);
  setReferenced(true);
  h.send({
    type: 'start', id, args: run.args, cwd: run.cwd, env: run.env, input: run.input, limit: run.limitBytes, stderrLimit: run.stderrLimit,
    outputFile: run.outputFile ?? null,
  });
  let unacknowledged = 0;
  async function* chunks(): AsyncGenerator<Buffer[], void, undefined> {
    for (;;) {
      if (state.queue.length > 0) {
        const batch = state.queue;
        state.queue = [];
        for (const b of batch) unacknowledged += b.length;
        // Acknowledge in steps of an eighth of the limit: git keeps flowing, few messages.
        if (!state.ended && unacknowledged >= run.limitBytes / 8) {
          h.send({ type: 'ack', id, bytes: unacknowledged });
          unacknowledged = 0;
        }
        yield batch;
        continue;
      }
      if (state.failure) throw state.failure.error;
      if (state.ended) return;
      await new Promise<void>((resolve) => {
        state.wake = resolve;
      });
    }
  }
  return {
    chunks: chunks(),
    exited,
    kill: () => {
      if (!state.ended && helper === h) h.send({ type: 'kill', id });
    },
  };
}
