/**
 * Buffers domain records by kind and writes them in batches through a StoreWriter, so that a
 * million-record import makes a few hundred upsert calls rather than a million.
 */
import type { Commit, DebtItem, Deployment, Incident, PullRequest, Repository, UptimeSample } from '../domain/index.js';
import type { StoreWriter } from '../storage/store.js';

export type AnyRecord =
  | { kind: 'repository'; value: Repository }
  | { kind: 'commit'; value: Commit }
  | { kind: 'pull_request'; value: PullRequest }
  | { kind: 'deployment'; value: Deployment }
  | { kind: 'incident'; value: Incident }
  | { kind: 'uptime_sample'; value: UptimeSample }
  | { kind: 'debt_item'; value: DebtItem };

export interface RecordCountsByKind {
  repositories: number;
  commits: number;
  pullRequests: number;
  deployments: number;
  incidents: number;
  uptimeSamples: number;
  debtItems: number;
}

export class RecordBatcher {
  readonly counts: RecordCountsByKind = {
    repositories: 0, commits: 0, pullRequests: 0, deployments: 0, incidents: 0, uptimeSamples: 0, debtItems: 0,
  };
  private repositories: Repository[] = [];
  private commits: Commit[] = [];
  private pullRequests: PullRequest[] = [];
  private deployments: Deployment[] = [];
  private incidents: Incident[] = [];
  private uptimeSamples: UptimeSample[] = [];
  private debtItems: DebtItem[] = [];
  private pending = 0;

  constructor(
    private readonly writer: StoreWriter,
    private readonly batchSize = 2_000,
  ) {}

  /** Buffers one record; true when a batch is full and the caller should `flush()`. */
  add(record: AnyRecord): boolean {
    switch (record.kind) {
      case 'repository':
        this.repositories.push(record.value);
        break;
      case 'commit':
        this.commits.push(record.value);
        break;
      case 'pull_request':
        this.pullRequests.push(record.value);
        break;
      case 'deployment':
        this.deployments.push(record.value);
        break;
      case 'incident':
        this.incidents.push(record.value);
        break;
      case 'uptime_sample':
        this.uptimeSamples.push(record.value);
        break;
      case 'debt_item':
        this.debtItems.push(record.value);
        break;
    }
    return ++this.pending >= this.batchSize;
  }

  /** Writes everything buffered. Repositories first, then commits: the order references go. */
  async flush(): Promise<void> {
    const { repositories, commits, pullRequests, deployments, incidents, uptimeSamples, debtItems } = this;
    this.repositories = [];
    this.commits = [];
    this.pullRequests = [];
    this.deployments = [];
    this.incidents = [];
    this.uptimeSamples = [];
    this.debtItems = [];
    this.pending = 0;
    if (repositories.length) this.counts.repositories += await this.writer.upsertRepositories(repositories);
    if (commits.length) this.counts.commits += await this.writer.upsertCommits(commits);
    if (pullRequests.length) this.counts.pullRequests += await this.writer.upsertPullRequests(pullRequests);
    if (deployments.length) this.counts.deployments += await this.writer.upsertDeployments(deployments);
    if (incidents.length) this.counts.incidents += await this.writer.upsertIncidents(incidents);
    if (uptimeSamples.length) this.counts.uptimeSamples += await this.writer.upsertUptimeSamples(uptimeSamples);
    if (debtItems.length) this.counts.debtItems += await this.writer.upsertDebtItems(debtItems);
  }
}
