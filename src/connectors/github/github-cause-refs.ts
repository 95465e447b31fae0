/**
 * What an incident issue names as its cause (a `Caused-by:` line, a configured field or an
 * issue-form answer): a deployment, a pull request or a commit, and which deployment of those a
 * cause can be. Pure: the sync (github-causes.ts) resolves the references it reads here.
 */
import type { Deployment, Instant } from '../../domain/index.js';

/**
 * The value of a field in an issue body: a `Name: value` line or the first line under an
 * issue-form heading `### Name`. Case-insensitive; `-` and a space match each other.
 */
function fieldValue(body: string, name: string): string | undefined {
  const pattern = name
    .trim()
    .split(/[-\s]+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[- ]');
  return (
    new RegExp(`^[ \\t>*_-]*${pattern}[ \\t]*:[ \\t]*(\\S.*)$`, 'im').exec(body)?.[1] ??
    new RegExp(`^[ \\t>*_-]*${pattern}[ \\t]+(\\S.*)$`, 'im').exec(body)?.[1] ??
    new RegExp(`^#{1,6}[ \\t]*${pattern}[ \\t]*\\r?\\n+[ \\t]*(\\S.*)$`, 'im').exec(body)?.[1]
  );
}

/** What a `Caused-by:` line names. */
export type CauseRef =
  | { kind: 'deployment'; id: number; text: string }
  | { kind: 'pull_request'; number: number; text: string }
  | { kind: 'sha'; sha: string; text: string };

/**
 * Reads the cause of an incident from its issue body: the configured `field` when given, else
 * (or when it names nothing) a line `Caused-by: <ref>` (any case, `:` or not after `by`), or
 * the answer under an issue-form heading `### Caused by` (or `### <field>`). A ref is
 * `deployment 123` / `deployment:123` / `github:deployment:OWNER/NAME:123` (a deployment id),
 * `#42` / `PR 42` / `.../pull/42` (a pull request of the repository), or a 7–40 hex SHA.
 * Returns null when there is no such line or it names nothing recognisable.
 */
export function parseCausedBy(body: string | null, repository: string, field?: string): CauseRef | null {
  if (!body) return null;
  for (const name of field ? [field, 'caused-by'] : ['caused-by']) {
    const line = fieldValue(body, name);
    const ref = line === undefined ? null : parseCauseRef(line.trim(), repository);
    if (ref !== null) return ref;
  }
  return null;
}

/** What one cause value names: a deployment, a pull request of `repository`, or a commit. */
function parseCauseRef(text: string, repository: string): CauseRef | null {
  const escaped = repository.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const deployment =
    /^deploy(?:ment)?[ \t]*[:#]?[ \t]*(\d+)\b/i.exec(text) ??
    new RegExp(`^github:deployment:${escaped}:(\\d+)\\b`, 'i').exec(text);
  if (deployment?.[1]) return { kind: 'deployment', id: Number(deployment[1]), text };
  const pr =
    /^(?:pr|pull request)?[ \t]*#(\d+)\b/i.exec(text) ??
    /^(?:pr|pull request)[ \t]+(\d+)\b/i.exec(text) ??
    new RegExp(`^https?://[^\\s]+/${escaped}/pull/(\\d+)\\b`, 'i').exec(text);
  if (pr?.[1]) return { kind: 'pull_request', number: Number(pr[1]), text };
  const sha = /^(?:commit[ \t]+)?([0-9a-f]{7,40})\b/i.exec(text) ?? new RegExp(`^https?://[^\\s]+/${escaped}/commit/([0-9a-f]{7,40})\\b`, 'i').exec(text);
  if (sha?.[1]) return { kind: 'sha', sha: sha[1].toLowerCase(), text };
  return null;
}

/**
 * Of the production deployments of one commit, the one an incident is blamed on: those of the
 * incident's service when there are any (one commit may ship several services), then the last
 * successful one that finished at or before the incident started, else the first successful
 * one (the incident was opened early). Null when none succeeded in production.
 */
export function pickCausingDeployment(candidates: readonly Deployment[], incidentStartedAt: Instant, service: string): Deployment | null {
  const production = candidates.filter((d) => d.environment === 'production' && d.status === 'success');
  const own = production.filter((d) => d.service === service);
  const ok = (own.length > 0 ? own : production).sort((a, b) => a.finishedAt - b.finishedAt || (a.id < b.id ? -1 : 1));
  const before = ok.filter((d) => d.finishedAt <= incidentStartedAt);
  return before[before.length - 1] ?? ok[0] ?? null;
}
