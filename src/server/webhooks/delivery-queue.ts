/**
 * Group commit for webhook deliveries. Deliveries that arrive while a transaction is writing
 * wait for the next one, and each transaction stores up to MAX_BATCH of them with a few bulk
 * statements, so a burst costs one commit (one fsync) per batch instead of one per delivery,
 * with no added delay when the server is idle.
 *
 * If a batch fails, each of its deliveries is retried alone, so one bad delivery never fails
 * the others: only its own request gets the error.
 */
import type { Store, StoreReader, StoreWriter } from '../../storage/index.js';

/** Deliveries per transaction, at most. */
export const MAX_BATCH = 256;

interface Pending<I, O> {
  item: I;
  resolve: (outcome: O) => void;
  reject: (error: unknown) => void;
}

/** Writes items through `write`, batched per transaction; `settle` runs after each commit. */
export class DeliveryQueue<I, O> {
  readonly #pending: Pending<I, O>[] = [];
  #active = 0;

  /**
   * @param write stores a batch of items, in order, inside one transaction; one outcome each
   * @param settle runs after a commit, for each item of the batch, with its outcome
   * @param parallel transactions in flight at once (1 for SQLite's single writer)
   */
  constructor(
    private readonly store: Store,
    private readonly write: (tx: StoreReader & StoreWriter, items: I[]) => Promise<O[]>,
    private readonly settle: (item: I, outcome: O) => void,
    private readonly parallel: number,
  ) {}

  /** Stores `item`; resolves once the transaction holding it has committed. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      this.#drain();
    });
  }

  #drain(): void {
    while (this.#active < this.parallel && this.#pending.length > 0) {
      const batch = this.#pending.splice(0, MAX_BATCH);
      this.#active++;
      void this.#run(batch).finally(() => {
        this.#active--;
        this.#drain();
      });
    }
  }

  async #run(batch: Pending<I, O>[]): Promise<void> {
    try {
      const outcomes = await this.store.transaction((tx) =>
        this.write(
          tx,
          batch.map((p) => p.item),
        ),
      );
      batch.forEach((p, i) => this.#done(p, outcomes[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // Find the culprit: every delivery alone, each answering for itself.
      for (const p of batch) {
        try {
          const [outcome] = await this.store.transaction((tx) => this.write(tx, [p.item]));
          this.#done(p, outcome!);
        } catch (alone) {
          p.reject(alone);
        }
      }
    }
  }

  #done(p: Pending<I, O>, outcome: O): void {
    this.settle(p.item, outcome);
    p.resolve(outcome);
  }
}
