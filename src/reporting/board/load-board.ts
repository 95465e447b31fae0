/**
 * Loads and computes the board pages of one or more organisations: the DORA report of the
 * window and of the one before (src/reporting/load-report-input.ts + computeReport), and the
 * business report over incidents, deployments, uptime samples and the debt register, with the
 * organisation's business parameters from the config.
 */
import type { BusinessConfig } from '../../config/business-schema.js';
import type { ResolvedConfig } from '../../config/load-config.js';
import type { Instant } from '../../domain/index.js';
import { computeBusinessReport, computeReport, uptimeSampleRange } from '../../metrics/index.js';
import type { Store } from '../../storage/store.js';
import { loadReportInput } from '../load-report-input.js';
import { previousWindow, type Window } from '../window.js';
import { buildBoardPage, type BoardPage } from './board-model.js';
import { resolveBusinessParams } from './resolve-business-params.js';

export interface BoardOptions {
  window: Window;
  timezone: string;
  now: Instant;
}

/** The board page of one organisation (REPORT_NO_ORGANIZATION when it has no data). */
export async function loadBoardPage(store: Store, config: ResolvedConfig, orgId: string, options: BoardOptions): Promise<BoardPage> {
  return loadBoardPageWith(store, config.file.business, orgId, options, config.org.id);
}

/**
 * The same from the config's `business` section alone (the server keeps no more of its config)
 * and the config's own organisation, whose the top-level revenue is (resolveBusinessParams).
 */
export async function loadBoardPageWith(
  store: Store,
  businessConfig: BusinessConfig | undefined,
  orgId: string,
  options: BoardOptions,
  homeOrg?: string,
): Promise<BoardPage> {
  const { window, timezone, now } = options;
  const params = resolveBusinessParams(businessConfig, orgId, homeOrg);
  const before = previousWindow(window);
  const input = await loadReportInput(store, orgId, null, { windows: [window, before] });
  const [samples, debt, services, orgs] = await Promise.all([
    store.listUptimeSamples({ org: orgId, range: uptimeSampleRange(params, { window, now }) }),
    store.listDebtItems({ org: orgId }),
    store.listServices(orgId),
    store.listOrganizations(),
  ]);
  // Evidence on for the current window: the narrative cites pull requests and deployments.
  const report = computeReport(input, { window, timezone, service: null, now, includeEvidence: true });
  const previous = computeReport(input, { window: before, timezone, service: null, now, includeEvidence: false });
  const serviceNames = new Set([...services.map((s) => s.name), ...input.incidents.map((i) => i.service), ...samples.map((s) => s.service)]);
  const business = computeBusinessReport(
    { org: orgId, services: [...serviceNames], incidents: input.incidents, deployments: input.deployments, uptimeSamples: samples, debtItems: debt },
    params,
    { window, now },
  );
  const name = orgs.find((o) => o.id === orgId)?.name ?? orgId;
  return buildBoardPage({ org: { id: orgId, name }, report, previous, business });
}
