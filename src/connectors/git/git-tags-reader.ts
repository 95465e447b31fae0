/**
 * Reads tags with `git for-each-ref refs/tags` in one call: name, the commit each points to
 * (peeling annotated tags) and the dates a deployment time comes from. Cheap even with
 * thousands of tags, so every run re-reads them all.
 */
import { runGit } from './git-runner.js';

/** One tag that points (directly or through annotated tags) at a commit. */
export interface RawGitTag {
  /** The tag name without `refs/tags/` (`v1.2.3`, `api@1.2.3`). */
  name: string;
  annotated: boolean;
  commitSha: string;
  /** The tagger date with its offset (`%(taggerdate:iso-strict)`), for annotated tags; may be null. */
  taggerDate: string | null;
  /** The committer date of the tagged commit, with its offset. */
  commitDate: string;
}

/** Tags that point at something other than a commit (a tree or blob): never deployments. */
export interface TagsRead {
  tags: RawGitTag[];
  skipped: string[];
}

const FORMAT = [
  '%(refname)',
  '%(objecttype)',
  '%(objectname)',
  '%(*objecttype)',
  '%(*objectname)',
  '%(taggerdate:iso-strict)',
  '%(committerdate:iso-strict)',
  '%(*committerdate:iso-strict)',
].join('%00');

/** Resolves tags of tags (rare) to their commit and its date, in one git call. */
async function peelNested(cwd: string, names: string[]): Promise<Map<string, { sha: string; date: string }>> {
  const out = new Map<string, { sha: string; date: string }>();
  if (names.length === 0) return out;
  const text = await runGit(
    ['log', '--no-walk=unsorted', '-z', '--format=%H%x00%cI', '--stdin'],
    { cwd, input: names.map((n) => `refs/tags/${n}^{commit}\n`).join('') },
  );
  const tokens = text.split('\0');
  names.forEach((name, i) => {
    const sha = tokens[i * 2];
    const date = tokens[i * 2 + 1];
    if (sha && date) out.set(name, { sha: sha.trim(), date });
  });
  return out;
}

/** Reads every tag of the repository at `cwd`, sorted by name. */
export async function readGitTags(cwd: string): Promise<TagsRead> {
  const text = await runGit(['for-each-ref', `--format=${FORMAT}`, 'refs/tags'], { cwd });
  const tags: RawGitTag[] = [];
  const skipped: string[] = [];
  const nested: Array<{ name: string; taggerDate: string | null }> = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [ref = '', type, sha = '', peeledType, peeledSha = '', taggerDate = '', commitDate = '', peeledDate = ''] =
      line.split('\0');
    const name = ref.replace(/^refs\/tags\//, '');
    if (type === 'commit') {
      tags.push({ name, annotated: false, commitSha: sha, taggerDate: null, commitDate });
    } else if (type === 'tag' && peeledType === 'commit') {
      tags.push({ name, annotated: true, commitSha: peeledSha, taggerDate: taggerDate || null, commitDate: peeledDate });
    } else if (type === 'tag' && peeledType === 'tag') {
      nested.push({ name, taggerDate: taggerDate || null });
    } else {
      skipped.push(name);
    }
  }
  const peeled = await peelNested(cwd, nested.map((n) => n.name));
  for (const n of nested) {
    const target = peeled.get(n.name);
    if (target) {
      tags.push({ name: n.name, annotated: true, commitSha: target.sha, taggerDate: n.taggerDate, commitDate: target.date });
    } else {
      skipped.push(n.name);
    }
  }
  tags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { tags, skipped };
}
