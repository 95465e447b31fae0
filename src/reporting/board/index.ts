/**
 * The board report: per-organisation pages with DORA KPIs, incident cost, availability against
 * SLOs, unplanned work, debt interest and a rule-based narrative, as Markdown, HTML or PDF.
 */
export { buildBoardPage, type BoardPage } from './board-model.js';
export { boardView, type BoardView, type BoardTile, type BoardSection, type BoardTable } from './board-view.js';
export { loadBoardPage, loadBoardPageWith, type BoardOptions } from './load-board.js';
export { buildNarrative, type NarrativeClaim, type ClaimEvidence } from './narrative.js';
export { formatBoardMarkdown } from './format-board-markdown.js';
export { formatBoardHtml } from './format-board-html.js';
export { renderBoardPdf, findChromium } from './render-board-pdf.js';
export { resolveBusinessParams } from './resolve-business-params.js';
