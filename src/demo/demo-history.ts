/**
 * The state machine that turns the demo's story into fast-import steps: a main branch, feature
 * branches whose files only ever grow by appended lines (so every merge is clean and computed
 * exactly: main's file + the branch's appended lines), merges in GitHub's two styles, direct
 * commits and annotated release tags per service. Pure: it only produces steps.
 */
import type { FastImportCommit, FastImportTag, FileChange } from './fast-import-stream.js';
import type { Person } from './demo-people.js';
import { RELEASE_BOT } from './demo-people.js';

/** A change a commit makes: append lines to a file (creating it), or delete it. */
export type Edit = { path: string; append: string[] } | { path: string; delete: true };

/** One fast-import command, in the order they must be written. */
export type Step = { kind: 'commit'; commit: FastImportCommit } | { kind: 'tag'; tag: FastImportTag };

/** A release tag written by the history. */
export interface Release {
  tag: string;
  service: string;
  at: number;
  mark: number;
}

interface Branch {
  tip: number;
  base: Map<string, readonly string[]>;
  appended: Map<string, string[]>;
  deleted: Set<string>;
  author: Person;
}

/** The demo's services, each under `services/<name>/`. */
export const SERVICES = ['api', 'web', 'worker'] as const;
/** A demo service name. */
export type DemoService = (typeof SERVICES)[number];

const serviceOf = (path: string): DemoService | null => {
  const m = /^services\/(api|web|worker)\//.exec(path);
  return m ? (m[1] as DemoService) : null;
};

const text = (lines: readonly string[]): string => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);

/** The history being written: main, open branches, releases (see the module comment). */
export class DemoHistory {
  readonly steps: Step[] = [];
  readonly releases: Release[] = [];
  /** Branch refs to delete once imported (merged branches, as forges do). */
  readonly mergedRefs: string[] = [];
  private mark = 0;
  private mainTip = 0;
  private readonly main = new Map<string, readonly string[]>();
  private readonly branches = new Map<string, Branch>();
  private readonly dirty = new Set<DemoService>();
  private readonly versions: Record<DemoService, [number, number, number]> = { api: [1, 0, 0], web: [2, 0, 0], worker: [0, 1, 0] };

  /** The mark of main's latest commit. */
  get tip(): number {
    return this.mainTip;
  }

  private commit(ref: string, who: { author: Person; at: number; committer?: Person; committedAt?: number }, message: string, parents: number[], files: FileChange[]): number {
    const mark = ++this.mark;
    const committer = who.committer ?? who.author;
    const committedAt = who.committedAt ?? who.at;
    this.steps.push({
      kind: 'commit',
      commit: {
        ref, mark, message, parents, files,
        author: who.author, authoredAt: who.at, authorOffset: who.author.offsetAt(who.at),
        committer, committedAt, committerOffset: committer.offsetAt(committedAt),
      },
    });
    return mark;
  }

  /** A commit directly on main (the initial commit, maintenance). */
  direct(author: Person, at: number, message: string, edits: readonly Edit[]): number {
    const files: FileChange[] = [];
    for (const e of edits) {
      if ('delete' in e) {
        this.main.delete(e.path);
        files.push({ path: e.path, content: null });
      } else {
        const lines = [...(this.main.get(e.path) ?? []), ...e.append];
        this.main.set(e.path, lines);
        files.push({ path: e.path, content: text(lines) });
      }
      const s = serviceOf(e.path);
      if (s) this.dirty.add(s);
    }
    this.mainTip = this.commit('refs/heads/main', { author, at }, message, this.mainTip ? [this.mainTip] : [], files);
    return this.mainTip;
  }

  /** A commit on a feature branch (created from main's tip on first use). */
  branchCommit(branch: string, author: Person, at: number, message: string, edits: readonly Edit[]): number {
    let b = this.branches.get(branch);
    if (!b) {
      b = { tip: this.mainTip, base: new Map(this.main), appended: new Map(), deleted: new Set(), author };
      this.branches.set(branch, b);
    }
    const files: FileChange[] = [];
    for (const e of edits) {
      if ('delete' in e) {
        b.deleted.add(e.path);
        files.push({ path: e.path, content: null });
        continue;
      }
      const added = [...(b.appended.get(e.path) ?? []), ...e.append];
      b.appended.set(e.path, added);
      files.push({ path: e.path, content: text([...(b.base.get(e.path) ?? []), ...added]) });
    }
    b.tip = this.commit(`refs/heads/${branch}`, { author, at }, message, [b.tip], files);
    return b.tip;
  }

  /** The files main gets from a branch: main's content plus the branch's appended lines. */
  private branch(name: string): Branch {
    const b = this.branches.get(name);
    if (!b) throw new Error(`demo history: branch ${name} is merged before any commit on it`);
    return b;
  }

  private mergedFiles(b: Branch): FileChange[] {
    const files: FileChange[] = [];
    for (const [path, added] of b.appended) {
      if (b.deleted.has(path)) continue;
      const lines = [...(this.main.get(path) ?? []), ...added];
      this.main.set(path, lines);
      files.push({ path, content: text(lines) });
    }
    for (const path of b.deleted) {
      this.main.delete(path);
      files.push({ path, content: null });
    }
    for (const f of files) {
      const s = serviceOf(f.path);
      if (s) this.dirty.add(s);
    }
    return files;
  }

  /** Merges a branch into main with a merge commit (GitHub's "Create a merge commit"). */
  merge(branch: string, merger: Person, at: number, message: string): number {
    const b = this.branch(branch);
    const files = this.mergedFiles(b);
    this.mainTip = this.commit('refs/heads/main', { author: merger, at }, message, [this.mainTip, b.tip], files);
    this.branches.delete(branch);
    this.mergedRefs.push(`refs/heads/${branch}`);
    return this.mainTip;
  }

  /** Squashes a branch onto main (GitHub's "Squash and merge": the PR author, `Title (#N)`). */
  squash(branch: string, merger: Person, at: number, message: string): number {
    const b = this.branch(branch);
    const files = this.mergedFiles(b);
    this.mainTip = this.commit('refs/heads/main', { author: b.author, at, committer: merger, committedAt: at }, message, [this.mainTip], files);
    this.branches.delete(branch);
    this.mergedRefs.push(`refs/heads/${branch}`);
    return this.mainTip;
  }

  /** True when main has changes of `service` since its last release. */
  isDirty(service: DemoService): boolean {
    return this.dirty.has(service);
  }

  /**
   * Tags a release of `service` (`api-v1.4.0`) at main's tip, or at `target` (a rollback).
   * `bump` is the part of the version raised.
   */
  release(service: DemoService, at: number, bump: 'minor' | 'patch', target = this.mainTip): Release {
    const v = this.versions[service];
    if (bump === 'minor') this.versions[service] = [v[0], v[1] + 1, 0];
    else this.versions[service] = [v[0], v[1], v[2] + 1];
    const [major, minor, patch] = this.versions[service];
    const tag = `${service}-v${major}.${minor}.${patch}`;
    this.steps.push({ kind: 'tag', tag: { name: tag, target, tagger: RELEASE_BOT, at, offset: 0, message: `Release ${tag}` } });
    if (target === this.mainTip) this.dirty.delete(service);
    const release = { tag, service, at, mark: target };
    this.releases.push(release);
    return release;
  }

  /** The initial release of each service, at the current tip (versions as they start). */
  initialRelease(service: DemoService, at: number): Release {
    const [major, minor, patch] = this.versions[service];
    const tag = `${service}-v${major}.${minor}.${patch}`;
    this.steps.push({ kind: 'tag', tag: { name: tag, target: this.mainTip, tagger: RELEASE_BOT, at, offset: 0, message: `Release ${tag}` } });
    this.dirty.delete(service);
    const release = { tag, service, at, mark: this.mainTip };
    this.releases.push(release);
    return release;
  }

  /** The latest release of `service` strictly before `at`. */
  lastRelease(service: DemoService, before: number): Release | null {
    return this.releases.filter((r) => r.service === service && r.at < before).at(-1) ?? null;
  }
}
