/**
 * `panorama report --format board`: one page per organisation (the `--org` one, or every
 * organisation in the database with `--all-orgs`), as Markdown on stdout or, with
 * `--output FILE`, as Markdown (.md), self-contained HTML (.html), PDF (.pdf, needs Chromium) or
 * the model as JSON (.json: `panorama.board/v1` pages, the figures with their formulas).
 */
import { writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/load-config.js';
import { formatBoardHtml, formatBoardMarkdown, loadBoardPage, renderBoardPdf, type BoardPage } from '../reporting/board/index.js';
import { resolveWindow } from '../reporting/window.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../storage/store.js';
import { writeLine, type CliIo } from './io.js';
import type { ReportFlags } from './report-output.js';

export interface BoardFlags extends ReportFlags {
  org?: string;
  output?: string;
  allOrgs?: boolean;
}

type OutputKind = 'md' | 'html' | 'pdf' | 'json';

function outputKind(path: string): OutputKind {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.pdf') return 'pdf';
  if (ext === '.json') return 'json';
  throw new AppError('REPORT_BAD_OUTPUT', `--output ${path}: the file's extension chooses the rendering; use .md, .html, .pdf or .json.`);
}

/** Checks the flag combinations of the board format before anything is read. */
export function checkBoardFlags(flags: BoardFlags): void {
  if (flags.format !== 'board') {
    if (flags.output !== undefined) throw new AppError('CLI_USAGE', '--output is for --format board; the other formats print to stdout (redirect them).');
    if (flags.allOrgs) throw new AppError('CLI_USAGE', '--all-orgs is for --format board.');
    return;
  }
  if (flags.service !== undefined) throw new AppError('CLI_USAGE', '--format board covers whole organisations: drop --service.');
  if (flags.allOrgs && flags.org !== undefined) throw new AppError('CLI_USAGE', 'give --org or --all-orgs, not both.');
  if (flags.output !== undefined) outputKind(flags.output);
}

export async function writeBoardReport(store: Store, config: ResolvedConfig, flags: BoardFlags, io: CliIo): Promise<BoardPage[]> {
  const timezone = flags.timezone ?? config.timezone;
  const now = io.now();
  const window = resolveWindow({ since: flags.since, until: flags.until, timezone, now });
  const orgs = flags.allOrgs ? (await store.listOrganizations()).map((o) => o.id).sort() : [config.org.id];
  if (orgs.length === 0) throw new AppError('REPORT_NO_ORGANIZATION', `no organisation in ${store.location}: run \`panorama import\` or \`panorama analyze\` first.`);
  const pages: BoardPage[] = [];
  for (const org of orgs) pages.push(await loadBoardPage(store, config, org, { window, timezone, now }));
  if (flags.output === undefined) {
    io.stdout.write(formatBoardMarkdown(pages));
    return pages;
  }
  const path = resolve(io.cwd, flags.output);
  const kind = outputKind(path);
  if (kind === 'pdf') {
    await renderBoardPdf(formatBoardHtml(pages), path, { ...process.env, ...io.env });
  } else {
    const text = kind === 'md' ? formatBoardMarkdown(pages) : kind === 'json' ? `${JSON.stringify(pages, null, 2)}\n` : formatBoardHtml(pages);
    try {
      writeFileSync(path, text);
    } catch (error) {
      throw new AppError('REPORT_OUTPUT_UNWRITABLE', `cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): check the folder exists and is writable.`, { cause: error });
    }
  }
  writeLine(io.stderr, `board report (${pages.length} organisation${pages.length === 1 ? '' : 's'}) written to ${path}`);
  return pages;
}
