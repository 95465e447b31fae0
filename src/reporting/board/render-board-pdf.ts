/**
 * The board report as PDF: the HTML view printed by Debian's Chromium through playwright-core
 * (A4, backgrounds on, one organisation per page via the CSS page breaks). Chromium is
 * optional: asking for a PDF without it is a clear REPORT_PDF_UNAVAILABLE error, never a
 * download.
 */
import { execFileSync } from 'node:child_process';
import { AppError } from '../../shared/errors.js';

/** Debian's Chromium on the PATH (of `env`, default this process's), or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    return execFileSync('/bin/sh', ['-c', 'command -v chromium'], { encoding: 'utf8', env }).trim() || null;
  } catch {
    // `command -v` exits 1 when chromium is absent: that is the answer, not a failure.
    return null;
  }
}

/** A4 height less the 12 mm margins of the print CSS, in CSS pixels (96 per inch), with 2% slack. */
const PRINTABLE_HEIGHT_PX = Math.floor(((297 - 24) / 25.4) * 96 * 0.98);
/** A4 width less the margins, in CSS pixels. */
const PRINTABLE_WIDTH_PX = Math.floor(((210 - 24) / 25.4) * 96);

/** Headless flags for a server without a display or a sandbox-capable kernel. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function renderBoardPdf(html: string, path: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const executablePath = findChromium(env);
  if (executablePath === null) {
    throw new AppError('REPORT_PDF_UNAVAILABLE', `cannot write ${path}: a PDF needs Chromium, and \`chromium\` is not on the PATH. Install it (apt-get install chromium) or write .html and print it.`);
  }
  // Loaded only here: every other command stays free of the browser driver.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    // One sheet per organisation: a page taller than A4's printable height (297 mm - 2 x 12 mm
    // margins = 273 mm = 1032 CSS px, less 2% slack) is zoomed down to fit. A string, as this file compiles
    // without the DOM's types (the browser runs it).
    await page.evaluate(`(() => {
      for (const el of document.querySelectorAll('section.page')) {
        // Zoom shrinks the width too and the text reflows taller: widen by 1/zoom and measure
        // again until the page fits.
        let zoom = 1;
        for (let i = 0; i < 6; i++) {
          el.style.zoom = String(zoom);
          el.style.width = (${PRINTABLE_WIDTH_PX} / zoom) + 'px';
          const h = el.getBoundingClientRect().height;
          if (h <= ${PRINTABLE_HEIGHT_PX}) break;
          zoom = zoom * (${PRINTABLE_HEIGHT_PX} / h) * 0.99;
        }
      }
    })()`);
    await page.pdf({ path, format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
