/**
 * Stores parsed deliveries, group-committed (delivery-queue.ts): each transaction records a
 * batch of deliveries with their raw payloads (once per delivery id: a redelivery writes
 * nothing) and their records, merged into the stored ones when a payload is partial. Within a
 * batch, deliveries apply in arrival order, as if stored one by one; the writes are a few bulk
 * statements per batch. An organisation is created on its first delivery.
 *
 * Organisations and repositories already stored are remembered (neither is ever deleted), so a
 * steady stream of deliveries costs no lookup for them.
 */
import type { Deployment, Incident, PullRequest, Repository } from '../../domain/index.js';
import type { Store, StoreReader, StoreWriter } from '../../storage/index.js';
import { DeliveryQueue } from './delivery-queue.js';
import { mergeDeployment, mergeIncident, mergePullRequest } from './webhook-merge.js';
import { countRecords, type ParsedDelivery } from './webhook-types.js';

/** What a delivery came to. */
export interface IngestOutcome {
  status: 'accepted' | 'duplicate';
  records: number;
}

/** One delivery to store. */
export interface DeliveryToStore {
  org: string;
  source: string;
  delivery: ParsedDelivery;
  /** The body as received. */
  payload: string;
  receivedAt: number;
}

type Tx = StoreReader & StoreWriter;

/** The latest state of each record a batch touches, keyed by org and id, in first-touch order. */
class Overlay<T extends { org: string }> {
  readonly rows = new Map<string, T>();
  constructor(private readonly keyOf: (r: T) => string) {}
  get(r: T): T | undefined {
    return this.rows.get(this.keyOf(r));
  }
  set(r: T): void {
    this.rows.set(this.keyOf(r), r);
  }
}

const byOrgAndId = <T extends { org: string; id: string }>(r: T) => `${r.org}\u0000${r.id}`;

/** A delivery's outcome, and what its transaction stored that the caches may learn once committed. */
interface Written {
  outcome: IngestOutcome;
  learned: { orgs: string[]; repos: string[] };
}

/** Stores deliveries into one store. */
export class WebhookIngest {
  readonly #knownOrgs = new Set<string>();
  readonly #knownRepos = new Set<string>();
  readonly #queue: DeliveryQueue<DeliveryToStore, Written>;

  constructor(store: Store) {
    // SQLite has one writer: batches go one at a time. PostgreSQL overlaps a few.
    const parallel = store.kind === 'sqlite' ? 1 : 3;
    // The caches learn only after the commit: a rolled-back batch must not mark anything stored.
    const learn = (_input: DeliveryToStore, written: Written) => {
      for (const org of written.learned.orgs) this.#knownOrgs.add(org);
      for (const key of written.learned.repos) this.#knownRepos.add(key);
    };
    this.#queue = new DeliveryQueue(store, (tx, batch) => this.#write(tx, batch), learn, parallel);
  }

  /** Stores `input` once; a redelivery of the same id answers `duplicate` and writes nothing. */
  async ingest(input: DeliveryToStore): Promise<IngestOutcome> {
    return (await this.#queue.submit(input)).outcome;
  }

  async #write(tx: Tx, batch: DeliveryToStore[]): Promise<Written[]> {
    const fresh = await tx.recordWebhookDeliveries(
      batch.map((b) => ({
        org: b.org,
        source: b.source,
        deliveryId: b.delivery.deliveryId,
        event: b.delivery.event,
        receivedAt: b.receivedAt,
        records: countRecords(b.delivery.records),
        headers: b.delivery.headers,
        payload: b.payload,
      })),
    );
    const stored = batch.filter((_, i) => fresh[i]);
    const orgs = [...new Set(stored.map((b) => b.org))].filter((org) => !this.#knownOrgs.has(org));
    for (const org of orgs) {
      if ((await tx.getOrganization(org)) === null)
        await tx.upsertOrganization({ id: org, name: org });
    }
    const learned = { orgs, repos: await this.#writeRecords(tx, stored) };
    return batch.map((b, i) => ({
      outcome: fresh[i]
        ? { status: 'accepted', records: countRecords(b.delivery.records) }
        : { status: 'duplicate', records: 0 },
      learned,
    }));
  }

  /** Merges and writes the records of the deliveries, in order; returns the repositories added. */
  async #writeRecords(tx: Tx, deliveries: DeliveryToStore[]): Promise<string[]> {
    const repoKey = (r: Repository) => `${r.org}\u0000${r.name}`;
    const prs = new Overlay<PullRequest>(byOrgAndId);
    const deployments = new Overlay<Deployment>(byOrgAndId);
    const incidents = new Overlay<Incident>(byOrgAndId);
    const repositories = new Overlay<Repository>(repoKey);
    const commits = [];
    // What is stored already, for the records that merge: one read per organisation and kind.
    const merging = deliveries.filter((d) => d.delivery.policy === 'merge');
    for (const org of new Set(merging.map((d) => d.org))) {
      const of = merging.filter((d) => d.org === org).map((d) => d.delivery.records);
      const ids = <T extends { id: string }>(pick: (r: (typeof of)[number]) => T[]) => [
        ...new Set(of.flatMap(pick).map((x) => x.id)),
      ];
      const prIds = ids((r) => r.pullRequests);
      const deploymentIds = ids((r) => r.deployments);
      const incidentIds = ids((r) => r.incidents);
      if (prIds.length) (await tx.getPullRequests(org, prIds)).forEach((p) => prs.set(p));
      if (deploymentIds.length)
        (await tx.getDeployments(org, deploymentIds)).forEach((d) => deployments.set(d));
      if (incidentIds.length)
        (await tx.getIncidents(org, incidentIds)).forEach((i) => incidents.set(i));
      if (of.some((r) => r.repositories.some((x) => !this.#knownRepos.has(repoKey(x))))) {
        for (const r of await tx.listRepositories(org)) this.#knownRepos.add(repoKey(r));
      }
    }
    const touched = {
      prs: new Set<string>(),
      deployments: new Set<string>(),
      incidents: new Set<string>(),
    };
    const apply = <T extends { org: string; id: string }>(
      overlay: Overlay<T>,
      seen: Set<string>,
      list: T[],
      merge: (s: T, e: T) => T,
      policy: string,
    ) => {
      for (const e of list) {
        const s = overlay.get(e);
        overlay.set(policy === 'merge' && s !== undefined ? merge(s, e) : e);
        seen.add(byOrgAndId(e));
      }
    };
    const newRepos: Repository[] = [];
    for (const { delivery } of deliveries) {
      const r = delivery.records;
      for (const repo of r.repositories) {
        // An event names a repository but knows nothing of its baseline: never overwrite a stored one.
        if (
          delivery.policy === 'replace' ||
          (!this.#knownRepos.has(repoKey(repo)) && repositories.get(repo) === undefined)
        ) {
          repositories.set(repo);
          newRepos.push(repo);
        }
      }
      commits.push(...r.commits);
      apply(prs, touched.prs, r.pullRequests, mergePullRequest, delivery.policy);
      apply(deployments, touched.deployments, r.deployments, mergeDeployment, delivery.policy);
      apply(incidents, touched.incidents, r.incidents, mergeIncident, delivery.policy);
    }
    const changed = <T extends { org: string; id: string }>(
      overlay: Overlay<T>,
      seen: Set<string>,
    ) => [...overlay.rows.entries()].filter(([k]) => seen.has(k)).map(([, v]) => v);
    await tx.upsertRepositories([...repositories.rows.values()]);
    await tx.upsertCommits(commits);
    await tx.upsertPullRequests(changed(prs, touched.prs));
    await tx.upsertDeployments(changed(deployments, touched.deployments));
    await tx.upsertIncidents(changed(incidents, touched.incidents));
    return newRepos.map(repoKey);
  }
}
