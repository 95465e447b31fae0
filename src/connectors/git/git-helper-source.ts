/**
 * The source of the git helper process (see git-helper-process.ts for why it exists, and for
 * its protocol): plain CommonJS, given to `node -e` (no file to locate).
 */
export const HELPER_SOURCE = `
const { spawn } = require('node:child_process');
const { closeSync, existsSync, openSync, rmSync } = require('node:fs');
const children = new Map();
// Panorama's temporary folders of output files: removed if Panorama dies before it removes them.
const folders = new Set();
const out = process.stdout;
function frame(id, type, payload) {
  const header = Buffer.allocUnsafe(9);
  header.writeUInt32LE(id, 0);
  header.writeUInt8(type, 4);
  header.writeUInt32LE(payload.length, 5);
  out.write(header);
  if (payload.length > 0) out.write(payload);
}
function start(m) {
  let child;
  let fd = null;
  if (m.outputFile) {
    // With an output file, git writes there itself: nothing to relay.
    try {
      fd = openSync(m.outputFile, 'wx');
    } catch (err) {
      frame(m.id, 3, Buffer.from(JSON.stringify({ code: 'OUTPUT_UNWRITABLE', message: 'cannot create ' + m.outputFile + ' (' + (err.code ?? err.message) + ')' })));
      return;
    }
  }
  try {
    child = spawn('git', m.args, { cwd: m.cwd, env: m.env, stdio: ['pipe', fd ?? 'pipe', 'pipe'] });
  } catch (err) {
    frame(m.id, 3, Buffer.from(JSON.stringify({ code: err.code ?? null, message: String(err.message) })));
    return;
  } finally {
    if (fd !== null) closeSync(fd);
  }
  const state = { child, outstanding: 0, paused: false, limit: m.limit };
  children.set(m.id, state);
  let stderr = '';
  let failed = false;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => { stderr = (stderr + text).slice(-m.stderrLimit); });
  child.once('error', (err) => {
    failed = true;
    children.delete(m.id);
    // A missing folder fails the spawn with ENOENT too: tell it apart from a missing git.
    const code = err.code === 'ENOENT' && !existsSync(m.cwd) ? 'CWD_MISSING' : err.code ?? null;
    frame(m.id, 3, Buffer.from(JSON.stringify({ code, message: String(err.message) })));
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(m.input);
  if (child.stdout === null) {
    child.once('close', (code) => {
      children.delete(m.id);
      if (!failed) frame(m.id, 2, Buffer.from(JSON.stringify({ code, stderr })));
    });
    return;
  }
  // Chunks are gathered for a millisecond (or 256 KB) and sent as one frame: git writes a few
  // KB at a time, and each frame costs the main thread more than its bytes.
  let pending = [];
  let pendingBytes = 0;
  let timer = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pendingBytes === 0) return;
    const chunks = pending;
    pending = [];
    pendingBytes = 0;
    frame(m.id, 1, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
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
  child.once('close', (code) => {
    children.delete(m.id);
    flush();
    if (!failed) frame(m.id, 2, Buffer.from(JSON.stringify({ code, stderr })));
  });
}
function onMessage(m) {
  if (m.type === 'start') return start(m);
  if (m.type === 'folder') return void folders.add(m.path);
  if (m.type === 'forget') return void folders.delete(m.path);
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
}
// Only each new read is searched for line ends: a large input (thousands of revisions) spans
// many reads, and rescanning what came before would cost quadratic time.
let partial = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  let start = 0;
  let newline;
  while ((newline = chunk.indexOf('\\n', start)) >= 0) {
    const line = partial + chunk.slice(start, newline);
    partial = '';
    start = newline + 1;
    if (line.length > 0) onMessage(JSON.parse(line));
  }
  partial += chunk.slice(start);
});
function cleanUpAndExit() {
  for (const state of children.values()) state.child.kill();
  for (const folder of folders) {
    try { rmSync(folder, { recursive: true, force: true }); } catch {}
  }
  process.exit(0);
}
process.stdin.on('end', cleanUpAndExit);
out.on('error', cleanUpAndExit);
process.on('SIGTERM', cleanUpAndExit);
process.on('SIGHUP', cleanUpAndExit);
// Ctrl-C reaches the whole process group: Panorama decides, and its exit closes our stdin.
process.on('SIGINT', () => undefined);
`;
