/**
 * Push for "the question bank changed" (ADR 1105): a trigger on the bank's tables (migration 0007) sends
 * `NOTIFY clockwise_bank_changed` when any write to a question, its contents, spec or tests commits — whichever
 * process, machine or tool made it. Each web process keeps one LISTEN connection and counts the notifications in a
 * generation number; caches of public pages key their entries by it, so one notification retires every entry at once.
 *
 * While the connection is down the process cannot know about changes, so `current()` answers `null` and callers
 * must not use a cache; after a reconnect the generation moves on (whatever happened meanwhile is forgotten).
 *
 * @example
 *   const changes = bankChanges(process.env.DATABASE_URL!);
 *   const generation = changes.current(); // null: read the database directly
 */
import pg from "pg";

export const BANK_CHANNEL = "clockwise_bank_changed";

export interface BankChanges {
  /** The generation of the bank as this process knows it, or null while it cannot hear changes (do not cache). */
  current(): number | null;
  /** Resolves once the LISTEN connection is up (or failed this time); tests and warm-up. */
  ready(): Promise<boolean>;
  /** Called with the new generation after every change (tests count these). */
  onChange(listener: (generation: number) => void): () => void;
  /** This process just wrote the bank: retire its entries now, before the notification comes back (read-your-writes). */
  noteLocalWrite(): void;
  close(): Promise<void>;
}

function createBankChanges(databaseUrl: string): BankChanges {
  let generation = 0;
  let client: pg.Client | undefined;
  let closed = false;
  let connecting: Promise<boolean> | undefined;
  let retryMs = 1_000;
  /** Reconnects happen lazily, on the next current() after this time: no timer runs in the background (a timer that
   * fired after Jest tore a test file down crashed the next file in that worker). */
  let nextAttemptAt = 0;
  const listeners = new Set<(generation: number) => void>();

  const bump = () => {
    generation += 1;
    for (const listener of listeners) listener(generation);
  };
  const retryLater = () => {
    nextAttemptAt = Date.now() + retryMs;
    retryMs = Math.min(30_000, retryMs * 2);
  };

  const connect = (): Promise<boolean> =>
    (connecting ??= (async () => {
      const next = new pg.Client({ connectionString: databaseUrl, keepAlive: true, application_name: "clockwise-bank-changes" });
      next.on("notification", (message) => {
        if (message.channel === BANK_CHANNEL) bump();
      });
      next.on("error", () => undefined); // "end" follows
      next.on("end", () => {
        if (client !== next) return;
        client = undefined; // deaf from now on: current() is null until the next LISTEN
        retryLater();
      });
      try {
        await next.connect();
        await next.query(`LISTEN ${BANK_CHANNEL}`);
        if (closed) {
          await next.end();
          return false;
        }
        bump(); // anything cached before (or during a gap) is from an unknown past
        client = next;
        retryMs = 1_000;
        return true;
      } catch {
        await next.end().catch(() => undefined);
        retryLater();
        return false;
      } finally {
        connecting = undefined;
      }
    })());

  return {
    current() {
      if (!client) {
        if (!connecting && !closed && Date.now() >= nextAttemptAt) void connect();
        return null;
      }
      return generation;
    },
    ready() {
      if (client) return Promise.resolve(true);
      return closed ? Promise.resolve(false) : connect();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    noteLocalWrite() {
      if (client) bump();
    },
    async close() {
      closed = true;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}

const processWide = globalThis as unknown as { clockwiseBankChanges?: { url: string; changes: BankChanges } };

/** The process's listener (one LISTEN connection, opened on first use). */
export function bankChanges(databaseUrl: string): BankChanges {
  const held = processWide.clockwiseBankChanges;
  if (held && held.url === databaseUrl) return held.changes;
  const changes = createBankChanges(databaseUrl);
  processWide.clockwiseBankChanges = { url: databaseUrl, changes };
  return changes;
}

/**
 * Called by the bank's write paths in this process (writeQuestion, delete/restore): the next read here is fresh even
 * if it comes before the database's notification does. Other processes still learn of it from the notification.
 */
export function noteBankWrite(): void {
  processWide.clockwiseBankChanges?.changes.noteLocalWrite();
}

/** A private listener (tests: two "processes" in one). */
export function createBankChangesForTest(databaseUrl: string): BankChanges {
  return createBankChanges(databaseUrl);
}
