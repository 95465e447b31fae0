/**
 * What the SQLite and PostgreSQL sessions share: every read and write whose SQL is the same on
 * both (kysely-queries.ts, server-queries.ts). Each dialect's session extends this class and
 * supplies only what differs: bulk upserts, streaming lists, missing-record lookups, counts,
 * transactions.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type {
  Commit,
  CommitNode,
  DebtItem,
  Deployment,
  Incident,
  Organization,
  PullRequest,
  PullRequestFacts,
  RawPayload,
  Repository,
  UptimeSample,
} from '../domain/index.js';
import {
  deploymentFromRow,
  deploymentSpec,
  incidentFromRow,
  incidentSpec,
  pullRequestFromRow,
  pullRequestSpec,
} from './event-rows.js';
import {
  debtItemFromRow,
  debtItemSpec,
  selectDebtItems,
  selectUptimeSamples,
  uptimeSampleFromRow,
  uptimeSampleSpec,
} from './business-rows.js';
import * as queries from './kysely-queries.js';
import type { ListQuery } from './kysely-queries.js';
import { commitSpec, repositorySpec, type TableSpec } from './rows.js';
import { pullRequestFactsReader } from './pull-request-facts.js';
import { rawPayloadFromRow, rawPayloadSpec } from './raw-payload-rows.js';
import * as server from './server-queries.js';
import type {
  ApiToken,
  DebtListQuery,
  PageQuery,
  RawPayloadQuery,
  ServiceSummary,
  SyncRun,
  SyncStatus,
  TimeRange,
  UptimeListQuery,
  WebhookDelivery,
} from './store.js';
import { guardRead, guardWrite } from './storage-errors.js';
import type { Database } from './tables.js';

/** The shared half of a store session; see the module comment. @internal */
export abstract class KyselySession {
  protected abstract readonly db: Kysely<Database>;
  protected abstract readonly ctx: { readonly location: string };

  /** Writes `records` idempotently (the dialect's bulk path); returns how many were given. */
  protected abstract upsert<R, T extends keyof Database>(
    spec: TableSpec<R, T>,
    records: readonly R[],
  ): Promise<number>;
  /** Runs `query` and maps each row (the dialect's streaming path). */
  protected abstract list<Row, R>(
    query: CompiledQuery<Row>,
    fromRow: (row: Row) => R,
  ): Promise<R[]>;

  upsertOrganization(org: Organization): Promise<void> {
    return guardWrite('upsert an organization', this.ctx.location, () =>
      queries.upsertOrganization(this.db, org),
    );
  }
  upsertRepositories(rows: readonly Repository[]): Promise<number> {
    return this.upsert(repositorySpec, rows);
  }
  upsertCommits(rows: readonly Commit[]): Promise<number> {
    return this.upsert(commitSpec, rows);
  }
  upsertPullRequests(rows: readonly PullRequest[]): Promise<number> {
    return this.upsert(pullRequestSpec, rows);
  }
  upsertDeployments(rows: readonly Deployment[]): Promise<number> {
    return this.upsert(deploymentSpec, rows);
  }
  upsertIncidents(rows: readonly Incident[]): Promise<number> {
    return this.upsert(incidentSpec, rows);
  }
  upsertRawPayloads(rows: readonly RawPayload[]): Promise<number> {
    return this.upsert(rawPayloadSpec, rows);
  }
  listRawPayloads(query: RawPayloadQuery): Promise<RawPayload[]> {
    return this.list(queries.selectRawPayloads(this.db, query), rawPayloadFromRow);
  }
  upsertUptimeSamples(rows: readonly UptimeSample[]): Promise<number> {
    return this.upsert(uptimeSampleSpec, rows);
  }
  upsertDebtItems(rows: readonly DebtItem[]): Promise<number> {
    return this.upsert(debtItemSpec, rows);
  }
  listUptimeSamples(query: UptimeListQuery): Promise<UptimeSample[]> {
    return this.list(selectUptimeSamples(this.db, query), uptimeSampleFromRow);
  }
  listDebtItems(query: DebtListQuery): Promise<DebtItem[]> {
    return this.list(selectDebtItems(this.db, query), debtItemFromRow);
  }
  /** Marks `org` written (its data version is bumped with the transaction, or now outside one). */
  protected abstract noteWritten(org: string): Promise<void>;
  removeDeployments(org: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return guardWrite(`remove ${ids.length} deployments`, this.ctx.location, async () => {
      let removed = 0;
      // In chunks: SQLite and PostgreSQL both cap the parameters of one statement.
      for (let i = 0; i < ids.length; i += 500) {
        const result = await this.db
          .deleteFrom('deployments')
          .where('org', '=', org)
          .where('id', 'in', ids.slice(i, i + 500))
          .executeTakeFirst();
        removed += Number(result.numDeletedRows);
      }
      if (removed > 0) await this.noteWritten(org);
      return removed;
    });
  }
  listDeploymentIds(query: { org: string; repository: string; source: string }): Promise<string[]> {
    return guardRead(this.ctx.location, async () => {
      const rows = await this.db
        .selectFrom('deployments')
        .select('id')
        .where('org', '=', query.org)
        .where('repository', '=', query.repository)
        .where('origin_source', '=', query.source)
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    });
  }
  recordSyncRun(run: SyncRun): Promise<void> {
    return guardWrite('record a sync run', this.ctx.location, () => queries.recordSyncRun(this.db, run));
  }
  listSyncStatuses(org?: string): Promise<SyncStatus[]> {
    return guardRead(this.ctx.location, () => queries.listSyncStatuses(this.db, org));
  }
  setSyncState(org: string, scope: string, cursor: unknown): Promise<void> {
    return guardWrite('save the sync state', this.ctx.location, () =>
      queries.setSyncState(this.db, org, scope, cursor),
    );
  }
  listOrganizations(): Promise<Organization[]> {
    return guardRead(this.ctx.location, () => queries.listOrganizations(this.db));
  }
  getOrganization(id: string): Promise<Organization | null> {
    return guardRead(this.ctx.location, () => queries.getOrganization(this.db, id));
  }
  listServices(org: string): Promise<ServiceSummary[]> {
    return guardRead(this.ctx.location, () => queries.listServices(this.db, org));
  }
  listRepositories(org: string): Promise<Repository[]> {
    return guardRead(this.ctx.location, () => queries.listRepositories(this.db, org));
  }
  abstract visitCommitGraph(
    query: { org: string; repositories?: readonly string[] },
    visit: (node: CommitNode) => void,
  ): Promise<number>;
  async listCommitGraph(query: { org: string; repositories?: readonly string[] }): Promise<CommitNode[]> {
    const nodes: CommitNode[] = [];
    await this.visitCommitGraph(query, (node) => nodes.push(node));
    return nodes;
  }
  listPullRequestFacts(query: { org: string; mergedRange?: TimeRange }): Promise<PullRequestFacts[]> {
    return this.list(queries.selectPullRequestFacts(this.db, query.org, query.mergedRange), pullRequestFactsReader());
  }
  listPullRequestServices(org: string): Promise<string[]> {
    return guardRead(this.ctx.location, () => queries.listPullRequestServices(this.db, org));
  }
  listPullRequests(query: ListQuery): Promise<PullRequest[]> {
    return this.list(queries.selectByTime(this.db, 'pull_requests', query), pullRequestFromRow);
  }
  listDeployments(query: ListQuery): Promise<Deployment[]> {
    return this.list(queries.selectByTime(this.db, 'deployments', query), deploymentFromRow);
  }
  listIncidents(query: ListQuery): Promise<Incident[]> {
    return this.list(queries.selectByTime(this.db, 'incidents', query), incidentFromRow);
  }
  getSyncState(org: string, scope: string): Promise<unknown> {
    return guardRead(this.ctx.location, () => queries.getSyncState(this.db, org, scope));
  }
  createApiToken(token: ApiToken): Promise<void> {
    return guardWrite('create an API token', this.ctx.location, () =>
      server.createApiToken(this.db, token),
    );
  }
  consumeApiToken(tokenHash: string, at: number): Promise<ApiToken | null> {
    return guardWrite('use a login token', this.ctx.location, () =>
      server.consumeApiToken(this.db, tokenHash, at),
    );
  }
  revokeApiToken(id: string, at: number): Promise<boolean> {
    return guardWrite('revoke an API token', this.ctx.location, () =>
      server.revokeApiToken(this.db, id, at),
    );
  }
  recordWebhookDelivery(delivery: WebhookDelivery): Promise<boolean> {
    return this.recordWebhookDeliveries([delivery]).then(([fresh]) => fresh === true);
  }
  recordWebhookDeliveries(deliveries: readonly WebhookDelivery[]): Promise<boolean[]> {
    return guardWrite('record webhook deliveries', this.ctx.location, () =>
      server.recordWebhookDeliveries(this.db, deliveries),
    );
  }
  findApiToken(tokenHash: string): Promise<ApiToken | null> {
    return guardRead(this.ctx.location, () => server.findApiToken(this.db, tokenHash));
  }
  listApiTokens(org?: string): Promise<ApiToken[]> {
    return guardRead(this.ctx.location, () => server.listApiTokens(this.db, org));
  }
  getDataVersion(org: string): Promise<number> {
    return guardRead(this.ctx.location, () => server.getDataVersion(this.db, org));
  }
  countWebhookDeliveries(query?: { org?: string; source?: string }): Promise<number> {
    return guardRead(this.ctx.location, () => server.countWebhookDeliveries(this.db, query));
  }
  getPullRequests(org: string, ids: readonly string[]): Promise<PullRequest[]> {
    return guardRead(this.ctx.location, () => server.getPullRequests(this.db, org, ids));
  }
  getDeployments(org: string, ids: readonly string[]): Promise<Deployment[]> {
    return guardRead(this.ctx.location, () => server.getDeployments(this.db, org, ids));
  }
  getIncidents(org: string, ids: readonly string[]): Promise<Incident[]> {
    return guardRead(this.ctx.location, () => server.getIncidents(this.db, org, ids));
  }
  pageDeployments(query: PageQuery): Promise<Deployment[]> {
    return guardRead(this.ctx.location, () => server.pageDeployments(this.db, query));
  }
  pagePullRequests(query: PageQuery): Promise<PullRequest[]> {
    return guardRead(this.ctx.location, () => server.pagePullRequests(this.db, query));
  }
  pageIncidents(query: PageQuery): Promise<Incident[]> {
    return guardRead(this.ctx.location, () => server.pageIncidents(this.db, query));
  }
}
