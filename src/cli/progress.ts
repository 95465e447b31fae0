/**
 * Progress on long work: a bar on a terminal, a plain line every few seconds otherwise (logs,
 * CI), nothing with --quiet. Always on stderr, so stdout stays clean for `--format json`.
 */
import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

export interface Progress {
  /** `total` may be unknown (0): then the bar shows counts and rate only. */
  start(label: string, total: number, unit: string): void;
  update(done: number, total?: number): void;
  stop(summary?: string): void;
}

const SILENT: Progress = { start() {}, update() {}, stop() {} };

export function createProgress(io: CliIo, quiet: boolean | undefined): Progress {
  if (quiet) return SILENT;
  if (io.stderr.isTTY) return barProgress(io);
  return lineProgress(io);
}

function barProgress(io: CliIo): Progress {
  let bar: cliProgress.SingleBar | null = null;
  let startedAt = 0;
  return {
    start(label, total, unit) {
      startedAt = io.now();
      bar = new cliProgress.SingleBar(
        {
          stream: io.stderr,
          format: total > 0
            ? `${label} [{bar}] {percentage}% {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`
            : `${label} {value} ${unit} | {rate}/s`,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { rate: 0 });
    },
    update(done, total) {
      if (!bar) return;
      if (total !== undefined) bar.setTotal(total);
      const seconds = Math.max((io.now() - startedAt) / 1000, 0.001);
      bar.update(done, { rate: Math.round(done / seconds).toLocaleString('en-US') });
    },
    stop(summary) {
      bar?.stop();
      bar = null;
      if (summary) io.stderr.write(`${summary}\n`);
    },
  };
}

function lineProgress(io: CliIo): Progress {
  let label = '';
  let unit = '';
  let total = 0;
  let lastPrint = 0;
  let startedAt = 0;
  return {
    start(l, t, u) {
      label = l;
      unit = u;
      total = t;
      startedAt = lastPrint = io.now();
    },
    update(done, t) {
      if (t !== undefined) total = t;
      const now = io.now();
      if (now - lastPrint < 5_000) return;
      lastPrint = now;
      const rate = Math.round(done / Math.max((now - startedAt) / 1000, 0.001));
      const of = total > 0 ? `/${total}` : '';
      io.stderr.write(`${label}: ${done}${of} ${unit} (${rate}/s)\n`);
    },
    stop(summary) {
      if (summary) io.stderr.write(`${summary}\n`);
    },
  };
}
