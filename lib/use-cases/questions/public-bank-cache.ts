import "server-only";
/**
 * The public parts of the bank pages — the list (and search) and a question as guests and candidates see it — are
 * the same for everyone until an admin changes the bank, so each web process keeps them in memory (ADR 1105).
 * Entries are keyed by the bank's generation (lib/db/questions/bank-changes.ts): a trigger NOTIFYs every process on
 * every machine when a question, its contents, spec or tests change (publish, unpublish, edit, delete, restore,
 * import), and the next request after that reads the database again. No query per request; while a process cannot
 * LISTEN it does not cache at all. Admins' views (drafts) and personal parts (status, drafts, history) never come
 * from here.
 *
 * @example
 *   const list = await publicBankCache().get(`list:${JSON.stringify(filter)}`, () => readList(filter));
 */
import { bankChanges, type BankChanges } from "@/lib/db/questions/bank-changes";
import { loadConfig } from "@/lib/config/config";
import { databaseUrl } from "@/lib/db/database-config";

const MAX_ENTRIES = 2_000;

export class PublicBankCache {
  private readonly entries = new Map<string, { generation: number; value: Promise<unknown> }>();
  /** Loads that went to the database (tests count them). */
  loads = 0;

  constructor(private readonly changes: () => BankChanges | null) {}

  /** The cached value of `key` for the bank as it is now, or `load()`'s (kept for the next request). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const generation = this.changes()?.current() ?? null;
    if (generation === null) {
      this.loads += 1;
      return load();
    }
    const hit = this.entries.get(key);
    if (hit && hit.generation === generation) {
      // LRU: most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    this.loads += 1;
    const value = load();
    // Keyed by the generation seen before the read: a change committed during the read retires it at once.
    this.entries.delete(key);
    this.entries.set(key, { generation, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

const processWide = globalThis as unknown as { clockwisePublicBankCache?: PublicBankCache };

/** The process's cache; without DATABASE_URL (or with CLOCKWISE_PAGE_CACHE=0) it never caches. */
export function publicBankCache(): PublicBankCache {
  return (processWide.clockwisePublicBankCache ??= new PublicBankCache(() => {
    const url = databaseUrl();
    if (!url || !loadConfig().pageCache.enabled) return null;
    return bankChanges(url);
  }));
}
