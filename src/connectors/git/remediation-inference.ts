/**
 * The rules of METRICS.md section 6 that make a deployment a remediation, applied per service
 * to its production deployments in order. Each rule that fires is recorded in
 * `Deployment.inferences` (kind, trigger, remediates_deployment_id) with its name and a
 * sentence of the facts it used. When several fire, the first in this list wins:
 * 1. `rollback-ancestor`: the deployed commit is a proper ancestor of the commit in production
 *    (the previous deployment's): it remediates that deployment.
 * 2. `revert-commit`: the deployment first ships a revert (`Revert "..."`, `This reverts commit
 *    <sha>`, GitHub's `Reverts owner/repo#N`); it remediates the deployment that first shipped the
 *    reverted commit. A revert of a change that never reached production (both in the same
 *    deployment) remediates nothing and is not counted.
 * 3. `hotfix-name`: the tag (or the file's ref) matches a hotfix pattern (`hotfix/*`,
 *    `*-hotfix`), or `hotfix-branch`: the deployment first ships the merge of such a branch; it
 *    remediates the deployment it replaced.
 * 4. `hotfix-patch-window`: a patch release (`v1.4.1`) within the window (48 h by default) after
 *    the release it patches (the latest earlier `v1.4.x` with a lower patch); it remediates it.
 */
import type { DeploymentKind, DeploymentTrigger, Inference } from '../../domain/records.js';
import { formatInstant } from '../../domain/time.js';
import type { DeploymentCandidate } from './deployment-detection.js';
import { globMatcher } from './glob.js';
import type { HistoryGraph } from './history-graph.js';

/** A revert commit seen in history, with what it reverts once resolved to a full sha. */
export interface RevertFact {
  sha: string;
  subject: string;
  /** The reverted commit (resolved), or null when it could not be found. */
  revertedSha: string | null;
  services: readonly string[];
}

/** A merge of a branch whose name matches a hotfix pattern. */
export interface HotfixMergeFact {
  sha: string;
  branch: string;
  /** Services its diff (against the first parent) touches; empty: every service. */
  services: string[];
}

/** Another deployment this service's timeline does not list (older than all of it). */
export interface OutsideDeployment {
  id: string;
  label: string;
}

/** One service's production deployments in order, and which one first shipped a commit. */
export interface ServiceTimeline {
  service: string;
  deployments: readonly DeploymentCandidate[];
  /** Position in `deployments` of the first one containing commit index `c`, an older one, or null. */
  firstShipperOf(c: number): number | OutsideDeployment | null;
}

/** The hotfix patterns (globs on tag, ref and merged branch names) and the patch window in hours. */
export interface RemediationOptions {
  hotfixPatterns: readonly string[];
  hotfixWindowHours: number;
}

/** What the rules decided for one deployment. */
export interface Remediation {
  kind: DeploymentKind;
  trigger: DeploymentTrigger;
  remediatesDeploymentId: string | null;
  inferences: Inference[];
}

const short = (sha: string): string => sha.slice(0, 12);

function remediation(kind: DeploymentKind, target: { id: string } | null, rule: string, detail: string): Remediation {
  const inferences: Inference[] = [
    { field: 'kind', value: kind, rule, detail },
    { field: 'trigger', value: 'incident_remediation', rule, detail },
  ];
  if (target) inferences.push({ field: 'remediates_deployment_id', value: target.id, rule, detail });
  return { kind, trigger: 'incident_remediation', remediatesDeploymentId: target?.id ?? null, inferences };
}

/** Applies the rules to every timeline; returns the remediations by deployment id. */
export function inferRemediations(
  timelines: readonly ServiceTimeline[],
  graph: HistoryGraph,
  facts: { reverts: readonly RevertFact[]; hotfixMerges: readonly HotfixMergeFact[] },
  options: RemediationOptions,
): Map<string, Remediation> {
  const out = new Map<string, Remediation>();
  const isHotfixName = globMatcher(options.hotfixPatterns);
  const windowMs = options.hotfixWindowHours * 3_600_000;
  for (const timeline of timelines) {
    const { deployments, service } = timeline;
    const revertsAt = new Map<number, RevertFact[]>();
    for (const r of facts.reverts) {
      if (r.services.length > 0 && !r.services.includes(service)) continue;
      const i = graph.indexOf(r.sha);
      const at = i === undefined ? null : timeline.firstShipperOf(i);
      if (typeof at !== 'number') continue;
      const list = revertsAt.get(at);
      if (list) list.push(r);
      else revertsAt.set(at, [r]);
    }
    const hotfixAt = new Map<number, HotfixMergeFact>();
    for (const m of facts.hotfixMerges) {
      if (m.services.length > 0 && !m.services.includes(service)) continue;
      const i = graph.indexOf(m.sha);
      const at = i === undefined ? null : timeline.firstShipperOf(i);
      if (typeof at === 'number' && !hotfixAt.has(at)) hotfixAt.set(at, m);
    }
    deployments.forEach((d, pos) => {
      if (!d.emit) return;
      const decided = decide(d, pos);
      if (decided) out.set(d.id, decided);
    });

    function decide(d: DeploymentCandidate, pos: number): Remediation | null {
      const prev = pos > 0 ? (deployments[pos - 1] as DeploymentCandidate) : null;
      const self = graph.indexOf(d.commitSha);
      const prevCommit = prev ? graph.indexOf(prev.commitSha) : undefined;
      if (prev && self !== undefined && prevCommit !== undefined && self !== prevCommit && graph.isAncestor(self, prevCommit)) {
        return remediation('rollback', prev, 'rollback-ancestor',
          `${d.label} deploys ${short(d.commitSha)}, a proper ancestor of ${short(prev.commitSha)} that ${prev.label} had put in production at ${formatInstant(prev.finishedAt)}.`);
      }
      const revert = revertTarget(revertsAt.get(pos) ?? [], pos);
      if (revert) {
        const { fact, target } = revert;
        const what = fact.revertedSha ? `reverts ${short(fact.revertedSha)}` : 'reverts a commit not found in this repository';
        const shipped = target ? `, first shipped by ${target.label}` : '';
        return remediation('revert', target, 'revert-commit',
          `${d.label} first ships ${short(fact.sha)} "${fact.subject}", which ${what}${shipped}.`);
      }
      if (d.ref !== null && isHotfixName(d.ref)) {
        return remediation('hotfix', prev, 'hotfix-name',
          `${d.label} matches a hotfix pattern (${options.hotfixPatterns.join(', ')})${prev ? `; it replaced ${prev.label}` : ''}.`);
      }
      const merge = hotfixAt.get(pos);
      if (merge) {
        return remediation('hotfix', prev, 'hotfix-branch',
          `${d.label} first ships ${short(merge.sha)}, the merge of branch ${merge.branch} (a hotfix pattern)${prev ? `; it replaced ${prev.label}` : ''}.`);
      }
      const patched = patchedRelease(d, pos);
      if (patched) {
        const hours = Math.round(((d.finishedAt - patched.finishedAt) / 3_600_000) * 10) / 10;
        return remediation('hotfix', patched, 'hotfix-patch-window',
          `${d.label} is a patch release ${hours} h after ${patched.label} (window ${options.hotfixWindowHours} h).`);
      }
      return null;
    }

    function revertTarget(reverts: RevertFact[], pos: number): { fact: RevertFact; target: { id: string; label: string } | null } | null {
      let best: { fact: RevertFact; target: { id: string; label: string } | null; rank: number } | null = null;
      for (const fact of reverts) {
        const x = fact.revertedSha === null ? undefined : graph.indexOf(fact.revertedSha);
        if (x === undefined) {
          best ??= { fact, target: null, rank: -2 };
          continue;
        }
        const at = timeline.firstShipperOf(x);
        if (at === null || (typeof at === 'number' && at >= pos)) continue; // never in production before
        const target = typeof at === 'number' ? (deployments[at] as DeploymentCandidate) : at;
        const rank = typeof at === 'number' ? at : -1;
        if (!best || rank > best.rank) best = { fact, target, rank };
      }
      return best ? { fact: best.fact, target: best.target } : null;
    }

    function patchedRelease(d: DeploymentCandidate, pos: number): DeploymentCandidate | null {
      const v = d.version;
      if (!v || v.patch === 0) return null;
      let found: DeploymentCandidate | null = null;
      for (let i = pos - 1; i >= 0; i--) {
        const e = deployments[i] as DeploymentCandidate;
        const ev = e.version;
        if (!ev || ev.major !== v.major || ev.minor !== v.minor || ev.patch >= v.patch) continue;
        if (!found || (found.version as { patch: number }).patch < ev.patch) found = e;
      }
      return found && d.finishedAt - found.finishedAt <= windowMs ? found : null;
    }
  }
  return out;
}
