/**
 * `panorama report`: the DORA and flow report of an organisation or one service.
 */
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';
import { withStore } from '../open-store.js';
import { printReport, type ReportFlags } from '../report-output.js';

export async function runReport(opts: GlobalOptions & ReportFlags, io: CliIo): Promise<number> {
  return withStore(opts, io, async ({ config, store }) => {
    await printReport(store, config, opts, io);
    return EXIT.ok;
  });
}
