/**
 * What commit messages say about pull requests, reverts and merged branches. Pure text rules,
 * each matching what a forge writes by default:
 * - GitHub merge: `Merge pull request #12 from owner/branch` + a blank line + the PR title;
 * - GitHub squash: `Title (#12)`;
 * - GitLab: `Merge branch 'feature' into 'main'` ... `See merge request group/project!12`;
 * - Bitbucket Cloud: `Merged in feature/x (pull request #12)`; Bitbucket Server:
 *   `Merge pull request #12 in PROJ/repo from feature/x to main`;
 * - git revert: `Revert "Title"` + `This reverts commit <sha>.`; GitHub's revert PR body:
 *   `Reverts owner/repo#12`, head branch `revert-12-branch`.
 */

export type PullRequestStyle = 'github' | 'github-squash' | 'gitlab' | 'bitbucket';

/** A pull request named by a commit message. */
export interface PullRequestMention {
  style: PullRequestStyle;
  number: number;
  /** The PR title when the message carries it. */
  title: string | null;
  /** The branch that was merged (`feature/x`), when the message says. */
  headBranch: string | null;
  /** The branch merged into, when the message says (GitLab, Bitbucket Server). */
  baseBranch: string | null;
}

/** What a revert commit says it reverts. */
export interface RevertMention {
  /** The full or abbreviated sha after `This reverts commit`. */
  revertedSha: string | null;
  /** The quoted title of `Revert "..."`. */
  revertedTitle: string | null;
  /** The PR number of GitHub's `Reverts owner/repo#12` body or `revert-12-...` branch. */
  revertedPullRequest: number | null;
}

function lines(message: string): string[] {
  return message.split('\n').map((l) => l.trim());
}

/** The first non-empty body line that is not a trailer or forge boilerplate. */
function bodyTitle(body: string[]): string | null {
  const line = body.find((l) => l !== '' && !/^See merge request /.test(l) && !/^[A-Za-z-]+: /.test(l));
  return line ?? null;
}

/** The pull request a merge (or squash) commit message names, or null. */
export function parsePullRequestMention(message: string, isMerge: boolean): PullRequestMention | null {
  // Cheap screen first: most commits name no PR, and this runs once per commit.
  const end = message.indexOf('\n');
  const first = end === -1 ? message : message.slice(0, end);
  if (!first.startsWith('Merge') && !first.trimEnd().endsWith(')') && !message.includes('See merge request ')) return null;
  const all = lines(message);
  const subject = all[0] ?? '';
  const body = all.slice(1);
  let m = /^Merge pull request #(\d+) from ([^\s]+)$/.exec(subject);
  if (m && isMerge) {
    const source = m[2] as string;
    const slash = source.indexOf('/');
    return {
      style: 'github',
      number: Number(m[1]),
      title: bodyTitle(body),
      headBranch: slash === -1 ? source : source.slice(slash + 1),
      baseBranch: null,
    };
  }
  m = /^Merge pull request #(\d+) in \S+ from (\S+) to (\S+)$/.exec(subject);
  if (m && isMerge) {
    return { style: 'bitbucket', number: Number(m[1]), title: bodyTitle(body), headBranch: m[2] as string, baseBranch: m[3] as string };
  }
  m = /^Merged in (\S+) \(pull request #(\d+)\)$/.exec(subject);
  if (m) {
    return { style: 'bitbucket', number: Number(m[2]), title: bodyTitle(body), headBranch: m[1] as string, baseBranch: null };
  }
  const gitlab = [...message.matchAll(/^See merge request (\S+)!(\d+)\s*$/gm)].at(-1);
  if (gitlab) {
    const branches = /^Merge branch '([^']+)'(?: into '([^']+)')?/.exec(subject);
    return {
      style: 'gitlab',
      number: Number(gitlab[2]),
      title: branches ? bodyTitle(body) : subject,
      headBranch: branches?.[1] ?? null,
      baseBranch: branches?.[2] ?? null,
    };
  }
  m = /^(.*\S)\s+\(#(\d+)\)$/.exec(subject);
  if (m && !isMerge && !/\(cherry picked from commit [0-9a-f]+\)/.test(message)) {
    return { style: 'github-squash', number: Number(m[2]), title: m[1] as string, headBranch: null, baseBranch: null };
  }
  return null;
}

/** What a revert commit reverts, or null when the message is not a revert. */
export function parseRevertMention(message: string, headBranch: string | null = null): RevertMention | null {
  if (!message.includes('Revert') && !message.includes('This reverts commit') && !headBranch?.startsWith('revert-')) return null;
  const subject = lines(message)[0] ?? '';
  const titled = /^Revert "(.*)"(?:\s+\(#\d+\))?$/.exec(subject);
  const sha = /This reverts commit ([0-9a-f]{7,64})\b/.exec(message);
  const pr = /^Reverts [\w.-]+\/[\w.-]+#(\d+)\s*$/m.exec(message) ?? (headBranch ? /^revert-(\d+)-/.exec(headBranch) : null);
  if (!titled && !sha && !pr) return null;
  return {
    revertedSha: sha ? (sha[1] as string) : null,
    revertedTitle: titled ? (titled[1] as string) : null,
    revertedPullRequest: pr ? Number(pr[1]) : null,
  };
}

/** The branch a merge commit merged, from any forge's or git's own message, or null. */
export function mergedBranchOf(message: string): string | null {
  if (!message.startsWith('Merge')) return null;
  const subject = lines(message)[0] ?? '';
  const pr = parsePullRequestMention(message, true);
  if (pr?.headBranch) return pr.headBranch;
  const m = /^Merge (?:remote-tracking )?branch '([^']+)'/.exec(subject);
  if (!m) return null;
  return (m[1] as string).replace(/^origin\//, '');
}
