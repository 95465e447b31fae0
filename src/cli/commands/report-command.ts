/**
 * `panorama report`: the DORA and flow report of an organisation or one service.
 */
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';
import { checkBoardFlags, writeBoardReport, type BoardFlags } from '../board-output.js';
import { withStore } from '../open-store.js';
import { printReport, type ReportFlags } from '../report-output.js';

export async function runReport(opts: GlobalOptions & ReportFlags & BoardFlags, io: CliIo): Promise<number> {
  checkBoardFlags(opts);
  return withStore(opts, io, async ({ config, store }) => {
    if (opts.format === 'board') await writeBoardReport(store, config, opts, io);
    else await printReport(store, config, opts, io);
    return EXIT.ok;
  });
}
