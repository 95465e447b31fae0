/**
 * Merging a webhook's partial view of a record into the stored one. A review event knows the
 * first review but not the merge; a resolution knows when an incident ended but not when it
 * began; events also arrive out of order. Each field keeps the most informative value: the
 * earliest of start times, the stored value where the event has none.
 */
import type { Deployment, Incident, Instant, PullRequest } from '../../domain/index.js';

const earliest = (a: Instant | null, b: Instant | null): Instant | null =>
  a === null ? b : b === null ? a : Math.min(a, b);
const union = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])];

/** A pull request from an event, merged into the stored one. */
export function mergePullRequest(stored: PullRequest, event: PullRequest): PullRequest {
  return {
    ...event,
    createdAt: Math.min(stored.createdAt, event.createdAt),
    firstReviewAt: earliest(stored.firstReviewAt, event.firstReviewAt),
    mergedAt: event.mergedAt ?? stored.mergedAt,
    mergeCommitSha: event.mergeCommitSha ?? stored.mergeCommitSha,
    commitShas: union(stored.commitShas, event.commitShas),
    // Once merged, always merged: a late event carrying an older snapshot cannot undo it.
    state: stored.state === 'merged' ? 'merged' : (event.state ?? stored.state),
    title: event.title ?? stored.title,
    author: event.author === '' ? stored.author : event.author,
    number: event.number ?? stored.number,
    revertsPr: event.revertsPr ?? stored.revertsPr,
    additions: event.additions ?? stored.additions,
    deletions: event.deletions ?? stored.deletions,
    url: event.url ?? stored.url,
    extra: stored.extra === null ? event.extra : { ...stored.extra, ...event.extra },
  };
}

/** A deployment from an event, merged into the stored one. */
export function mergeDeployment(stored: Deployment, event: Deployment): Deployment {
  return {
    ...event,
    startedAt: event.startedAt ?? stored.startedAt,
    remediatesDeploymentId: event.remediatesDeploymentId ?? stored.remediatesDeploymentId,
    inferences: event.inferences.length > 0 ? event.inferences : stored.inferences,
    url: event.url ?? stored.url,
  };
}

/** An incident from an event, merged into the stored one. */
export function mergeIncident(stored: Incident, event: Incident): Incident {
  return {
    ...event,
    service: event.service === '' ? stored.service : event.service,
    title: event.title ?? stored.title,
    startedAt: Math.min(stored.startedAt, event.startedAt),
    detectedAt: earliest(stored.detectedAt, event.detectedAt),
    acknowledgedAt: earliest(stored.acknowledgedAt, event.acknowledgedAt),
    resolvedAt: event.resolvedAt ?? stored.resolvedAt,
    causedByDeploymentId: event.causedByDeploymentId ?? stored.causedByDeploymentId,
    severity: event.severity ?? stored.severity,
    url: event.url ?? stored.url,
    extra: stored.extra === null ? event.extra : { ...stored.extra, ...event.extra },
  };
}
