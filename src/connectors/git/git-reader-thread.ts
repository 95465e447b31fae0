/**
 * Streams the stdout of git processes through a helper thread, so that git never waits for
 * the main thread. A pipe holds 64 KB; the main thread only empties it when its event loop
 * turns, and while it maps commits and writes them to the database (tens of milliseconds of
 * synchronous work per batch) git blocks on the full pipe: the two took turns instead of
 * running on two cores at once. The helper thread does nothing but spawn git and move its
 * output (copied into transferable buffers) to the main thread, so it always drains the pipe;
 * a per-process read-ahead limit (acknowledged by the consumer) keeps memory bounded.
 *
 * One helper thread serves every stream of the process; it is started on first use and does
 * not keep the process alive while no stream is open.
 */
import { Worker } from 'node:worker_threads';

/** The helper thread: plain CommonJS, evaluated from this string (no file to locate). */
const HELPER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const children = new Map();
function start(m) {
  const child = spawn('git', m.args, { cwd: m.cwd, env: m.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const state = { child, outstanding: 0, paused: false, limit: m.limit };
  children.set(m.id, state);
  let stderr = '';
  let failed = false;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => { stderr = (stderr + text).slice(-m.stderrLimit); });
  // Chunks are gathered for a millisecond (or 256 KB) and posted as one: git writes a few KB
  // at a time, and each message costs the main thread more than its bytes. Larger messages
  // would make the main thread's batches outlive the young generation of its heap.
  let pending = [];
  let pendingBytes = 0;
  let timer = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pendingBytes === 0) return;
    const copy = new Uint8Array(pendingBytes);
    let at = 0;
    for (const chunk of pending) {
      copy.set(chunk, at);
      at += chunk.length;
    }
    pending = [];
    pendingBytes = 0;
    parentPort.postMessage({ id: m.id, type: 'data', chunk: copy }, [copy.buffer]);
  };
  child.stdout.on('data', (chunk) => {
    pending.push(chunk);
    pendingBytes += chunk.length;
    state.outstanding += chunk.length;
    if (pendingBytes >= 262144) flush();
    else if (timer === null) timer = setTimeout(flush, 1);
    if (!state.paused && state.outstanding >= state.limit) {
      state.paused = true;
      flush();
      child.stdout.pause();
    }
  });
  child.once('error', (err) => {
    failed = true;
    children.delete(m.id);
    parentPort.postMessage({ id: m.id, type: 'error', code: err.code ?? null, message: String(err.message) });
  });
  child.once('close', (code) => {
    children.delete(m.id);
    flush();
    if (!failed) parentPort.postMessage({ id: m.id, type: 'exit', code, stderr });
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(m.input);
}
parentPort.on('message', (m) => {
  if (m.type === 'start') return start(m);
  const state = children.get(m.id);
  if (!state) return;
  if (m.type === 'kill') state.child.kill();
  else if (m.type === 'ack') {
    state.outstanding -= m.bytes;
    if (state.paused && state.outstanding < state.limit) {
      state.paused = false;
      state.child.stdout.resume();
    }
  }
});
`;

/** What the helper thread reports about one process. */
type HelperMessage =
  | { id: number; type: 'data'; chunk: Uint8Array }
  | { id: number; type: 'exit'; code: number | null; stderr: string }
  | { id: number; type: 'error'; code: string | null; message: string };

/** A spawn failure as the helper thread saw it (`code` is `ENOENT` when git is missing). */
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

let helper: Worker | null = null;
let nextId = 1;
const streams = new Map<number, StreamState>();

function wakeUp(state: StreamState): void {
  const wake = state.wake;
  state.wake = null;
  wake?.();
}

function onMessage(message: HelperMessage): void {
  const state = streams.get(message.id);
  if (!state) return;
  if (message.type === 'data') {
    state.queue.push(Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength));
  } else {
    streams.delete(message.id);
    if (streams.size === 0) helper?.unref();
    state.ended = true;
    if (message.type === 'error') {
      const error = new GitSpawnError(message.message, message.code);
      state.failure = { error };
      state.settle({ error });
    } else {
      state.settle({ code: message.code, stderr: message.stderr });
    }
  }
  wakeUp(state);
}

function onHelperFailure(error: unknown): void {
  helper = null;
  for (const state of streams.values()) {
    state.ended = true;
    state.failure = { error };
    state.settle({ error });
    wakeUp(state);
  }
  streams.clear();
}

function startHelper(): Worker {
  if (helper) return helper;
  const worker = new Worker(HELPER_SOURCE, { eval: true });
  worker.on('message', onMessage);
  worker.on('error', onHelperFailure);
  worker.on('exit', () => {
    if (helper === worker) onHelperFailure(new Error('the git reader thread stopped'));
  });
  helper = worker;
  return worker;
}

/** What to run: git's arguments, its folder and environment, and what to write to its stdin. */
export interface OffThreadGit {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  input: string;
  /** Bytes read ahead of the consumer before git is paused. */
  limitBytes: number;
  /** Stderr kept (its end). */
  stderrLimit: number;
}

/** A running git process: its output in batches, then how it ended. */
export interface OffThreadStream {
  /** Every chunk queued since the last batch, in order; ends when git's stdout closes. */
  chunks: AsyncGenerator<Buffer[], void, undefined>;
  /** How git ended; rejects with GitSpawnError when it could not start. */
  exited: Promise<GitExit>;
  /** Stops git (when the consumer gives up early). */
  kill(): void;
}

/** Starts git on the helper thread (see the module comment). */
export function spawnGitOffThread(run: OffThreadGit): OffThreadStream {
  const worker = startHelper();
  const id = nextId++;
  let settle: StreamState['settle'] = () => undefined;
  const exited = new Promise<GitExit>((resolve, reject) => {
    settle = (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome));
  });
  // Read through `chunks`; this handler only keeps an early stop from being unhandled.
  exited.catch(() => undefined);
  const state: StreamState = { queue: [], ended: false, failure: null, wake: null, settle };
  streams.set(id, state);
  worker.ref();
  worker.postMessage({ type: 'start', id, args: run.args, cwd: run.cwd, env: run.env, input: run.input, limit: run.limitBytes, stderrLimit: run.stderrLimit });
  let unacknowledged = 0;
  async function* chunks(): AsyncGenerator<Buffer[], void, undefined> {
    for (;;) {
      if (state.queue.length > 0) {
        const batch = state.queue;
        state.queue = [];
        for (const b of batch) unacknowledged += b.length;
        // Acknowledge in steps of an eighth of the limit: git keeps flowing, few messages.
        if (!state.ended && unacknowledged >= run.limitBytes / 8) {
          worker.postMessage({ type: 'ack', id, bytes: unacknowledged });
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
      if (!state.ended) worker.postMessage({ type: 'kill', id });
    },
  };
}
