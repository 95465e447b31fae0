/**
 * Monorepo services: which services a commit counts for, from the paths it touches
 * (`services: {api: {paths: ['services/api/**']}}`). With no service configured, a repository is
 * one service and every commit's `services` is empty (it counts for that one service).
 */
import { globMatcher } from './glob.js';

/** One service of a monorepo: the paths that belong to it, and optionally its own tag glob. */
export interface ServiceDefinition {
  paths: readonly string[];
  /** Tags of this service (`api-v*`); default: `<name>-<version>`, `<name>@<version>`, `<name>/<version>`. */
  tagPattern?: string;
}

/** The services of a repository and the globs of their paths. */
export class ServiceMap {
  /** Service names, sorted. Empty: a single-service repository. */
  readonly names: readonly string[];
  private readonly matchers: ReadonlyArray<{ name: string; match: (path: string) => boolean }>;

  constructor(private readonly definitions: Readonly<Record<string, ServiceDefinition>> = {}) {
    this.names = Object.keys(definitions).sort();
    this.matchers = this.names.map((name) => ({
      name,
      match: globMatcher((definitions[name] as ServiceDefinition).paths),
    }));
  }

  /** The service's own tag glob, if configured. */
  tagPatternOf(name: string): string | undefined {
    return this.definitions[name]?.tagPattern;
  }

  /** True when services are configured (the repository is a monorepo). */
  get isMonorepo(): boolean {
    return this.names.length > 0;
  }

  /**
   * The services whose paths any of `files` touches, sorted. Empty when none does (a change to
   * shared files at the root): by the domain rule it then counts for every service.
   */
  servicesFor(files: readonly string[]): string[] {
    if (this.matchers.length === 0 || files.length === 0) return [];
    const hit: string[] = [];
    for (const { name, match } of this.matchers) {
      if (files.some(match)) hit.push(name);
    }
    return hit;
  }
}
