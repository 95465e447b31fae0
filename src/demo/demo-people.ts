/**
 * The demo team: six engineers in six time zones (three of which change offset when daylight
 * saving time ends, as real clocks do), and a release bot. Pure and deterministic.
 */
import type { Identity } from './fast-import-stream.js';

/** An engineer, with the offset of their clock at a given instant (epoch seconds). */
export interface Person extends Identity {
  offsetAt(epochSeconds: number): number;
}

const EU_DST_END = Date.UTC(2026, 9, 25, 1) / 1000;
const US_DST_END = Date.UTC(2026, 10, 1, 9) / 1000;

const fixed = (minutes: number) => (): number => minutes;
const switching = (summer: number, winter: number, end: number) => (t: number): number => (t < end ? summer : winter);

function person(name: string, email: string, offsetAt: (t: number) => number): Person {
  return { name, email, offsetAt };
}

/** Dublin (UTC+01:00, +00:00 after 25 October); Ada and Eli also merge pull requests. */
export const ADA = person('Ada Byrne', 'ada@demo-shop.dev', switching(60, 0, EU_DST_END));
/** São Paulo (UTC-03:00). */
export const BRUNO = person('Bruno Costa', 'bruno@demo-shop.dev', fixed(-180));
/** Singapore (UTC+08:00). */
export const CHEN = person('Chen Wei', 'chen@demo-shop.dev', fixed(480));
/** Bengaluru (UTC+05:30). */
export const DANA = person('Dana Kapoor', 'dana@demo-shop.dev', fixed(330));
/** Prague (UTC+02:00, +01:00 after 25 October). */
export const ELI = person('Eli Novak', 'eli@demo-shop.dev', switching(120, 60, EU_DST_END));
/** Los Angeles (UTC-07:00, -08:00 after 1 November). */
export const FATIMA = person('Fatima Haddad', 'fatima@demo-shop.dev', switching(-420, -480, US_DST_END));
/** Tags releases, in UTC. */
export const RELEASE_BOT = person('Release Bot', 'release-bot@demo-shop.dev', fixed(0));

/** Everyone who writes code in the demo. */
export const ENGINEERS: readonly Person[] = [ADA, BRUNO, CHEN, DANA, ELI, FATIMA];

/** A small deterministic PRNG (mulberry32): the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
