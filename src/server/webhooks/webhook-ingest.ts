/**
 * Stores a parsed delivery: in one transaction, the delivery with its raw payload (once per
 * delivery id: a redelivery writes nothing) and its records, merged into the stored ones when
 * the payload is partial. The organisation is created on its first delivery.
 */
import type { Store, StoreReader, StoreWriter } from '../../storage/index.js';
import { mergeDeployment, mergeIncident, mergePullRequest } from './webhook-merge.js';
import { countRecords, type ParsedDelivery, type WebhookRecords } from './webhook-types.js';

/** What a delivery came to. */
export interface IngestOutcome {
  status: 'accepted' | 'duplicate';
  records: number;
}

type Tx = StoreReader & StoreWriter;

function byId<T extends { id: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.id, r]));
}

/** The delivery's records merged into the stored ones (policy `merge`), or as given. */
async function merged(
  tx: Tx,
  org: string,
  records: WebhookRecords,
  policy: ParsedDelivery['policy'],
): Promise<WebhookRecords> {
  if (policy === 'replace') return records;
  const known = new Set(
    (records.repositories.length > 0 ? await tx.listRepositories(org) : []).map((r) => r.name),
  );
  // An event names a repository but knows nothing of its baseline: never overwrite a stored one.
  const repositories = records.repositories.filter((r) => !known.has(r.name));
  const prs = byId(
    await tx.getPullRequests(
      org,
      records.pullRequests.map((p) => p.id),
    ),
  );
  const deployments = byId(
    await tx.getDeployments(
      org,
      records.deployments.map((d) => d.id),
    ),
  );
  const incidents = byId(
    await tx.getIncidents(
      org,
      records.incidents.map((i) => i.id),
    ),
  );
  return {
    repositories,
    commits: records.commits,
    pullRequests: records.pullRequests.map((p) =>
      prs.has(p.id) ? mergePullRequest(prs.get(p.id)!, p) : p,
    ),
    deployments: records.deployments.map((d) =>
      deployments.has(d.id) ? mergeDeployment(deployments.get(d.id)!, d) : d,
    ),
    incidents: records.incidents.map((i) =>
      incidents.has(i.id) ? mergeIncident(incidents.get(i.id)!, i) : i,
    ),
  };
}

/** Stores one delivery of `source` for `org`; `payload` is the body as received. */
export async function ingestDelivery(
  store: Store,
  input: {
    org: string;
    source: string;
    delivery: ParsedDelivery;
    payload: string;
    receivedAt: number;
  },
  knownOrgs: Set<string>,
): Promise<IngestOutcome> {
  const { org, delivery } = input;
  const count = countRecords(delivery.records);
  return store
    .transaction<IngestOutcome>(async (tx) => {
      const fresh = await tx.recordWebhookDelivery({
        org,
        source: input.source,
        deliveryId: delivery.deliveryId,
        event: delivery.event,
        receivedAt: input.receivedAt,
        records: count,
        headers: delivery.headers,
        payload: input.payload,
      });
      if (!fresh) return { status: 'duplicate', records: 0 };
      if (!knownOrgs.has(org)) {
        if ((await tx.getOrganization(org)) === null)
          await tx.upsertOrganization({ id: org, name: org });
      }
      const r = await merged(tx, org, delivery.records, delivery.policy);
      await tx.upsertRepositories(r.repositories);
      await tx.upsertCommits(r.commits);
      await tx.upsertPullRequests(r.pullRequests);
      await tx.upsertDeployments(r.deployments);
      await tx.upsertIncidents(r.incidents);
      return { status: 'accepted', records: count };
    })
    .then((outcome) => {
      // Only after the commit: a rolled-back first delivery must not mark the organisation known.
      knownOrgs.add(org);
      return outcome;
    });
}
