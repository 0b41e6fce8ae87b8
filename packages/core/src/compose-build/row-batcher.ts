/**
 * Runs the calls of one single-row statement that arrive together (in the same turn of the
 * event loop) as one statement over all their rows. A busy worker writes many composes at
 * once; one statement of N rows costs PostgreSQL and the worker a fraction of N statements
 * (one bind and execute, one commit, one round trip, one socket write).
 *
 * - Two calls for the same row never share a statement (the later one goes into another), so a
 *   guarded update still decides between them row by row, as separate statements would.
 * - Rows go in key order: concurrent statements lock shared rows in the same order.
 * - A statement PostgreSQL rejected wrote nothing: its rows are retried one by one, so a row
 *   with a bad value fails only its own call. Any other failure (connection lost, result
 *   unknown) fails every call of the statement, as it would have failed each of them.
 */
export interface RowBatcherOptions<I, R> {
  /** The row a call writes: calls with the same key never share a statement. */
  key(input: I): string;
  /** Most rows in one statement. */
  maxRows: number;
  /** Runs the statement for these inputs; the result holds, by key, the rows it wrote. */
  run(inputs: I[]): Promise<Map<string, R>>;
}

interface Call<I, R> {
  key: string;
  input: I;
  resolve(result: R | undefined): void;
  reject(err: unknown): void;
}

/** A function with the statement's single-row contract: the row written, or undefined when the guard did not hold. */
export type BatchedStatement<I, R> = (input: I) => Promise<R | undefined>;

export function rowBatcher<I, R>(opts: RowBatcherOptions<I, R>): BatchedStatement<I, R> {
  let waiting: Call<I, R>[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const calls = waiting;
    waiting = [];
    calls.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let batch: Call<I, R>[] = [];
    let keys = new Set<string>();
    const later: Call<I, R>[] = [];
    for (const call of calls) {
      if (keys.has(call.key)) {
        later.push(call);
        continue;
      }
      batch.push(call);
      keys.add(call.key);
      if (batch.length === opts.maxRows) {
        void runBatch(batch);
        batch = [];
        keys = new Set();
      }
    }
    if (batch.length > 0) void runBatch(batch);
    // Calls for a row already in this round: the next round (their statement then waits for
    // the row lock of the first, as two separate statements would).
    if (later.length > 0) {
      waiting.push(...later);
      schedule();
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  async function runBatch(batch: Call<I, R>[]): Promise<void> {
    let written: Map<string, R>;
    try {
      written = await opts.run(batch.map((c) => c.input));
    } catch (err) {
      if (batch.length > 1 && rejectedByServer(err)) {
        await Promise.all(batch.map((call) => runBatch([call])));
        return;
      }
      for (const call of batch) call.reject(err);
      return;
    }
    for (const call of batch) call.resolve(written.get(call.key));
  }

  return (input) =>
    new Promise<R | undefined>((resolve, reject) => {
      waiting.push({ key: opts.key(input), input, resolve, reject });
      schedule();
    });
}

/** PostgreSQL answered the statement with an error (it was rolled back): not a lost connection. */
function rejectedByServer(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    if ((current as { name?: unknown }).name === "PostgresError") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
