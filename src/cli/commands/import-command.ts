/**
 * `panorama import FILE`: all-or-nothing import of a JSON or NDJSON file.
 */
import { resolve } from 'node:path';
import { importFile } from '../../ingest/import-file.js';
import { EXIT } from '../exit-codes.js';
import { colors, writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';
import { withStore } from '../open-store.js';
import { createProgress } from '../progress.js';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export async function runImport(
  file: string,
  opts: GlobalOptions & { allowMissingCommits?: boolean },
  io: CliIo,
): Promise<number> {
  const path = resolve(io.cwd, file);
  return withStore(opts, io, async ({ config, store }) => {
    const progress = createProgress(io, opts.quiet);
    progress.start(`importing ${file}`, 0, 'records');
    const startedAt = io.now();
    const result = await importFile(store, path, {
      org: config.org.id,
      orgName: config.org.name,
      allowMissingCommits: opts.allowMissingCommits,
      onProgress: ({ records }) => progress.update(records),
    }).finally(() => progress.stop());
    const c = colors(io);
    const n = result.counts;
    const total = n.repositories + n.commits + n.pullRequests + n.deployments + n.incidents + n.uptimeSamples + n.debtItems;
    const seconds = (io.now() - startedAt) / 1000;
    writeLine(
      io.stdout,
      `${c.green('imported')} ${total} records into ${c.bold(config.org.id)} (${store.location}) in ${seconds.toFixed(1)} s: ` +
        [
          plural(n.commits, 'commit'),
          plural(n.pullRequests, 'pull request'),
          plural(n.deployments, 'deployment'),
          plural(n.incidents, 'incident'),
          plural(n.repositories, 'repository', 'repositories'),
          // Named only when the file has some, so delivery-only imports read as before.
          ...(n.uptimeSamples > 0 ? [plural(n.uptimeSamples, 'uptime sample')] : []),
          ...(n.debtItems > 0 ? [plural(n.debtItems, 'debt item')] : []),
        ].join(', '),
    );
    if (result.missingCommits > 0) {
      writeLine(io.stderr, c.yellow(`warning: ${result.missingCommits} deployment commits are not imported; their changes have no lead time.`));
    }
    return EXIT.ok;
  });
}
