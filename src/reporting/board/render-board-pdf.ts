/**
 * The board report as PDF: the HTML view printed by Debian's Chromium through playwright-core
 * (A4, backgrounds on, one organisation per page via the CSS page breaks). Chromium is
 * optional: asking for a PDF without it is a clear REPORT_PDF_UNAVAILABLE error, never a
 * download.
 */
import { execFileSync } from 'node:child_process';
import { AppError } from '../../shared/errors.js';

/** Debian's Chromium on the PATH, or null. */
export function findChromium(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    // `command -v` exits 1 when chromium is absent: that is the answer, not a failure.
    return null;
  }
}

/** Headless flags for a server without a display or a sandbox-capable kernel. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function renderBoardPdf(html: string, path: string): Promise<void> {
  const executablePath = findChromium();
  if (executablePath === null) {
    throw new AppError('REPORT_PDF_UNAVAILABLE', `cannot write ${path}: a PDF needs Chromium, and \`chromium\` is not on the PATH. Install it (apt-get install chromium) or write .html and print it.`);
  }
  // Loaded only here: every other command stays free of the browser driver.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.pdf({ path, format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
