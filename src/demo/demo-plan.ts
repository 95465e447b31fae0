/**
 * The demo's story, six months of a three-service shop (`services/api`, `services/web`,
 * `services/worker`), ending on 2026-11-20:
 * - every weekday, two to five pull requests by engineers in six time zones, merged by a
 *   maintainer a few hours to a day later, as a merge commit (`Merge pull request #N from ...`)
 *   or squashed (`Title (#N)`); now and then a maintenance commit straight on main;
 * - releases per service when it has changes: api on Tuesdays and Thursdays, web on Mondays,
 *   Wednesdays and Fridays, worker every other Wednesday (annotated tags `api-v1.4.0`);
 * - a revert (August): a caching change ships, breaks, and a revert PR ships the next morning;
 * - a hotfix (September): a `hotfix/api-payment-timeout` branch ships as a patch release the
 *   same evening;
 * - a rollback (October): a bad web release is rolled back by tagging the previous release's
 *   commit.
 * Deterministic: a seeded PRNG and fixed dates, so every machine builds the same shas.
 */
import { ADA, BRUNO, CHEN, ELI, ENGINEERS, FATIMA, seededRandom, type Person } from './demo-people.js';
import { DemoHistory, SERVICES, type DemoService, type Edit, type Release } from './demo-history.js';

/** Epoch seconds of a UTC date-time (month 1-12). */
export const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi) / 1000;

/** The demo ends here: reports of the demo use it as `--until`. */
export const DEMO_END = utc(2026, 11, 20, 18);
const FIRST_DAY = utc(2026, 5, 20);
const DAY = 86_400;

/** What the incidents of the demo refer to. */
export interface DemoScenario {
  revertedRelease: Release;
  revertRelease: Release;
  hotfixedRelease: Release;
  hotfixRelease: Release;
  rolledBackRelease: Release;
  rollbackRelease: Release;
  /** A worker release that caused an incident fixed by the next regular release. */
  faultyWorkerRelease: Release;
}

/** The history to write and the releases its incidents refer to. */
export interface DemoPlan {
  history: DemoHistory;
  scenario: DemoScenario;
}

const NOUNS: Record<DemoService, string[]> = {
  api: ['order totals', 'coupon codes', 'refund endpoint', 'rate limiting', 'inventory sync', 'tax rules', 'webhook retries', 'customer search', 'audit log', 'shipping quotes', 'gift cards', 'price history'],
  web: ['checkout form', 'cart drawer', 'product gallery', 'search filters', 'account page', 'order tracking', 'wishlist', 'address autocomplete', 'reviews widget', 'dark mode'],
  worker: ['invoice emails', 'stock alerts', 'nightly reports', 'retry queue', 'image resizing', 'data export', 'abandoned cart emails'],
};
const VERBS = ['Add', 'Improve', 'Fix', 'Refactor', 'Speed up', 'Validate', 'Simplify'];
const STEPS = ['first pass', 'handle edge cases', 'add tests', 'address review comments'];

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

interface Action {
  at: number;
  seq: number;
  run: (h: DemoHistory) => void;
}

/** Builds the whole plan (about 1,700 commits and 150 releases). */
export function planDemoHistory(): DemoPlan {
  const random = seededRandom(20261120);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const actions: Action[] = [];
  let seq = 0;
  const at = (t: number, run: (h: DemoHistory) => void): void => void actions.push({ at: t, seq: seq++, run });
  let prNumber = 100;
  const scenario: Partial<DemoScenario> = {};

  const lines = (noun: string, pr: number, step: number, n: number): string[] =>
    Array.from({ length: n }, (_, i) => `export const ${slug(noun).replace(/-/g, '_')}_${pr}_${step}_${i} = ${(pr * 31 + step * 7 + i) % 997};`);

  /** Schedules a PR: its commits, then its merge (returns the PR number). */
  const pr = (p: {
    author: Person; services: DemoService[]; title: string; noun: string; commitTimes: number[]; mergeAt: number;
    style?: 'merge' | 'squash'; branch?: string; edits?: Edit[][]; onCommit?: (mark: number, i: number) => void; onMerge?: (mark: number) => void;
  }): number => {
    const number = ++prNumber;
    const branch = p.branch ?? `feature/${p.services[0]}-${slug(p.noun)}-${number}`;
    const merger = p.author === ADA ? ELI : ADA;
    p.commitTimes.forEach((t, i) => {
      const edits = p.edits?.[i] ?? p.services.map((s) => ({ path: `services/${s}/src/${slug(p.noun)}.ts`, append: lines(p.noun, number, i, between(3, 40)) }));
      const message = p.commitTimes.length === 1 ? p.title : `${p.title}: ${STEPS[i % STEPS.length]}`;
      at(t, (h) => {
        const mark = h.branchCommit(branch, p.author, t, message, edits);
        p.onCommit?.(mark, i);
      });
    });
    at(p.mergeAt, (h) => {
      const mark = p.style === 'squash'
        ? h.squash(branch, merger, p.mergeAt, `${p.title} (#${number})`)
        : h.merge(branch, merger, p.mergeAt, `Merge pull request #${number} from demo-shop/${branch}\n\n${p.title}`);
      p.onMerge?.(mark);
    });
    return number;
  };

  /** A local working-hours time of `person` on the UTC day starting at `day`. */
  const workTime = (person: Person, day: number): number => day + (9 * 60 + between(0, 8 * 60)) * 60 - person.offsetAt(day) * 60;

  // The initial commit and the first release of every service.
  at(utc(2026, 5, 18, 9), (h) => h.direct(ADA, utc(2026, 5, 18, 9), 'Initial commit: api, web and worker services', [
    { path: 'README.md', append: ['# Demo Shop', '', 'Three services: api, web, worker.'] },
    { path: 'package.json', append: ['{ "name": "demo-shop", "private": true }'] },
    ...SERVICES.map((s) => ({ path: `services/${s}/src/index.ts`, append: [`export const service = '${s}';`] })),
  ]));
  for (const s of SERVICES) at(utc(2026, 5, 19, 12), (h) => h.initialRelease(s, utc(2026, 5, 19, 12)));

  // The everyday flow.
  for (let day = FIRST_DAY; day < DEMO_END - DAY / 2; day += DAY) {
    const weekday = new Date(day * 1000).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let k = between(2, 5); k > 0; k--) {
      const author = pick(ENGINEERS);
      const r = random();
      const main: DemoService = r < 0.45 ? 'api' : r < 0.8 ? 'web' : 'worker';
      const services = random() < 0.12 ? [main, pick(SERVICES.filter((s) => s !== main))] : [main];
      const noun = pick(NOUNS[main]);
      const first = workTime(author, day);
      const commitTimes = Array.from({ length: between(1, 4) }, (_, i) => first + i * between(20, 200) * 60);
      let mergeAt = (commitTimes.at(-1) as number) + between(2, 28) * 3600;
      const mergeDay = new Date(mergeAt * 1000).getUTCDay();
      if (mergeDay === 6 || mergeDay === 0) mergeAt += (mergeDay === 6 ? 2 : 1) * DAY;
      if (mergeAt >= DEMO_END - 3600) continue;
      pr({ author, services, title: `${pick(VERBS)} ${noun}`, noun, commitTimes, mergeAt, style: random() < 0.25 ? 'squash' : 'merge' });
    }
    if (weekday === 1) {
      at(day + 8 * 3600, (h) => h.direct(ADA, day + 8 * 3600, 'Update CI cache key', [{ path: '.github/workflows/ci.yml', append: [`# cache ${day}`] }]));
    }
    const week = Math.floor((day - FIRST_DAY) / (7 * DAY));
    const releasesToday: Array<[DemoService, number]> = [];
    if (weekday === 2 || weekday === 4) releasesToday.push(['api', 15]);
    if (weekday === 1 || weekday === 3 || weekday === 5) releasesToday.push(['web', 16]);
    if (weekday === 3 && week % 2 === 0) releasesToday.push(['worker', 14]);
    for (const [service, hour] of releasesToday) {
      const t = day + hour * 3600;
      at(t, (h) => {
        if (!h.isDirty(service)) return;
        const release = h.release(service, t, 'minor');
        if (service === 'worker' && !scenario.faultyWorkerRelease && t >= utc(2026, 6, 20)) scenario.faultyWorkerRelease = release;
        if (service === 'api' && t === utc(2026, 8, 11, 15)) scenario.revertedRelease = release;
        if (service === 'api' && t === utc(2026, 9, 22, 15)) scenario.hotfixedRelease = release;
        if (service === 'web' && t === utc(2026, 10, 14, 16)) scenario.rolledBackRelease = release;
      });
    }
  }

  // August: a caching change ships on Tuesday, breaks order totals, and is reverted on Wednesday.
  let cachingCommit = 0;
  const cachingPr = pr({
    author: CHEN, services: ['api'], title: 'Add response caching to /orders', noun: 'orders cache',
    commitTimes: [utc(2026, 8, 7, 2)], mergeAt: utc(2026, 8, 10, 9, 30), branch: 'feature/api-orders-cache',
    edits: [[{ path: 'services/api/src/orders-cache.ts', append: ['export const ordersCacheTtlSeconds = 300;', 'export const ordersCacheEnabled = true;'] }]],
    onCommit: (mark) => (cachingCommit = mark),
  });
  const revertBranch = `revert-${cachingPr}-feature/api-orders-cache`;
  at(utc(2026, 8, 12, 8, 20), (h) => h.branchCommit(revertBranch, ADA, utc(2026, 8, 12, 8, 20),
    `Revert "Add response caching to /orders"\n\nThis reverts commit {{sha:${cachingCommit}}}.`,
    [{ path: 'services/api/src/orders-cache.ts', delete: true }]));
  const revertPr = ++prNumber;
  at(utc(2026, 8, 12, 9, 5), (h) => h.merge(revertBranch, ELI, utc(2026, 8, 12, 9, 5),
    `Merge pull request #${revertPr} from demo-shop/${revertBranch}\n\nRevert "Add response caching to /orders"\n\nReverts demo-shop/demo-shop#${cachingPr}`));
  at(utc(2026, 8, 12, 9, 40), (h) => (scenario.revertRelease = h.release('api', utc(2026, 8, 12, 9, 40), 'minor')));

  // September: a payment client change ships on Tuesday; a hotfix branch ships the same evening.
  pr({ author: BRUNO, services: ['api'], title: 'Improve payment gateway client', noun: 'payment gateway', commitTimes: [utc(2026, 9, 21, 14)], mergeAt: utc(2026, 9, 22, 10) });
  pr({
    author: BRUNO, services: ['api'], title: 'Raise payment gateway timeout to 30s', noun: 'payment gateway',
    commitTimes: [utc(2026, 9, 22, 18, 5)], mergeAt: utc(2026, 9, 22, 18, 35), branch: 'hotfix/api-payment-timeout',
  });
  at(utc(2026, 9, 22, 19), (h) => (scenario.hotfixRelease = h.release('api', utc(2026, 9, 22, 19), 'patch')));

  // October: a web release on Wednesday breaks checkout; the previous release is re-deployed.
  pr({ author: ELI, services: ['web'], title: 'Improve product gallery', noun: 'product gallery', commitTimes: [utc(2026, 10, 9, 12)], mergeAt: utc(2026, 10, 12, 11) });
  pr({ author: FATIMA, services: ['web'], title: 'Redesign checkout form', noun: 'checkout form', commitTimes: [utc(2026, 10, 13, 17)], mergeAt: utc(2026, 10, 14, 11) });
  at(utc(2026, 10, 14, 17, 15), (h) => {
    const previous = h.lastRelease('web', utc(2026, 10, 14, 16)) as Release;
    scenario.rollbackRelease = h.release('web', utc(2026, 10, 14, 17, 15), 'patch', previous.mark);
  });
  pr({ author: ELI, services: ['web'], title: 'Fix checkout form on Safari', noun: 'checkout form', commitTimes: [utc(2026, 10, 15, 9)], mergeAt: utc(2026, 10, 15, 14) });

  // An open pull request: a branch that is not merged yet.
  at(utc(2026, 11, 20, 10), (h) => h.branchCommit('feature/web-wishlist-sharing', CHEN, utc(2026, 11, 20, 10), 'Share wishlists by link', [
    { path: 'services/web/src/wishlist-sharing.ts', append: ['export const wishlistSharing = true;'] },
  ]));

  const history = new DemoHistory();
  actions.sort((a, b) => a.at - b.at || a.seq - b.seq);
  for (const action of actions) action.run(history);
  const missing = (['revertedRelease', 'revertRelease', 'hotfixedRelease', 'hotfixRelease', 'rolledBackRelease', 'rollbackRelease', 'faultyWorkerRelease'] as const).filter((k) => !scenario[k]);
  if (missing.length > 0) throw new Error(`demo plan is missing ${missing.join(', ')}: the story and the release calendar disagree`);
  return { history, scenario: scenario as DemoScenario };
}
