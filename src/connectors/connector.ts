/**
 * The contract every connector meets, and a registry to find them by source.
 *
 * A connector talks to one source (git, GitHub, GitLab, a CI, an incident tool). `collect` does
 * the I/O for one scope (a repository, a project): it reads from where the last run's cursor
 * stopped, streams records to the sink as they are mapped, and returns what it found together
 * with the next cursor. Mapping raw payloads to domain records is pure and lives beside the
 * collector (`<source>-mapper.ts`); connectors never compute metrics and never write SQL: the
 * ingest layer owns the store, the transaction and the sync state.
 *
 * For git the repository itself is the raw store: re-mapping means re-reading it, which is
 * local and fast, so no raw payload is kept.
 */

/** What every connector says about itself. */
export interface ConnectorDescriptor {
  /** The source name stamped on records (`Origin.source`) and ids (`git:...`). */
  readonly source: string;
  /** One line for `--help` and logs. */
  readonly description: string;
}

/** Receives records while a collect runs (the ingest writes them in its transaction). */
export interface RecordSink<TBatch> {
  onRecords(batch: TBatch): Promise<void>;
}

/**
 * A connector for scopes of type `TScope` with options `TOptions`. `cursor` is what the previous
 * run returned for the same scope (or undefined); the result carries the next one.
 */
export interface Connector<TScope, TOptions, TBatch, TResult extends { cursor: unknown }> extends ConnectorDescriptor {
  /** The sync-state key of a scope, stable across runs (`git:/abs/path`). */
  scopeKey(scope: TScope): Promise<string>;
  collect(scope: TScope, options: TOptions, cursor: unknown, sink: RecordSink<TBatch>): Promise<TResult>;
}

/** Connectors by source name. Create one per process (no global state); sources are unique. */
export class ConnectorRegistry {
  private readonly bySource = new Map<string, ConnectorDescriptor>();

  /** Adds a connector; a second connector for the same source is a programming error. */
  register<C extends ConnectorDescriptor>(connector: C): C {
    if (this.bySource.has(connector.source)) {
      throw new Error(`a connector for source "${connector.source}" is already registered`);
    }
    this.bySource.set(connector.source, connector);
    return connector;
  }

  /** The connector of a source, or undefined. */
  get(source: string): ConnectorDescriptor | undefined {
    return this.bySource.get(source);
  }

  /** Every registered connector, by source name. */
  list(): ConnectorDescriptor[] {
    return [...this.bySource.values()].sort((a, b) => (a.source < b.source ? -1 : 1));
  }
}
