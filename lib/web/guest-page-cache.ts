/**
 * Whole guest pages from memory (issue 17, ADR 1105): the question list, its searches and the question pages are the
 * same HTML for every visitor without a session, per UI locale, until the bank changes. The edge server
 * (lib/ops/web-server.ts) asks this cache before handing a request to Next; a hit costs no render and no query.
 *
 * What is cached: a GET of `/questions` (any query) or `/questions/<slug>` from a request without any better-auth
 * session cookie (signed or not: such a request may belong to someone), not a React Server Components fetch, answered
 * 200 text/html without Set-Cookie. Key: locale (as the page picks it: cookie, then Accept-Language) + the encoding
 * the client accepts (gzip, deflate or none: the body is kept as Next compressed it) + path and query.
 * Entries are stored under the bank's generation seen before the render (lib/db/questions/bank-changes.ts: every
 * process LISTENs, so a publish, edit, delete or restore made anywhere retires every process's entries at once) and
 * live at most `ttlMs` (default 60 s), which bounds how long a guest sees the parts that are not the bank (reference
 * outputs of sample tests stored after the page was rendered). While the LISTEN connection is down nothing is cached.
 * A page being rendered for one guest is not rendered again for the guests asking for it meanwhile: they wait for it.
 * `CLOCKWISE_PAGE_CACHE=0` turns it off with the data cache.
 *
 * @example
 *   const pages = guestPageCache(databaseUrl, loadConfig().pageCache.enabled);
 *   if (pages && (await pages.serve(req, res))) return; // a hit was written (or a render in flight was shared)
 *   pages?.capture(req, res); // a miss: keeps what Next writes, if cacheable
 *   await handle(req, res);
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { bankChanges, type BankChanges } from "@/lib/db/questions/bank-changes";
import { LOCALE_COOKIE, pickLocale } from "@/lib/i18n/locale";

const SESSION_COOKIE = /(^|;\s*)(__Secure-)?better-auth\.session_token=/;
const LOCALE_COOKIE_VALUE = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]*)`);
/** Headers that belong to one response, not to the page. */
const PER_RESPONSE = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "x-request-id", "set-cookie"]);
const DEFAULT_TTL_MS = 60_000;
const MAX_ENTRIES = 1_000;
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_PAGE_BYTES = 2 * 1024 * 1024;

interface Entry {
  generation: number;
  storedAt: number;
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** The cache key of a cacheable guest request, or null (not a guest page request). */
export function guestPageKey(req: Pick<IncomingMessage, "method" | "url" | "headers">): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const url = req.url ?? "/";
  const [pathname, query = ""] = url.split("?", 2) as [string, string?];
  if (pathname !== "/questions" && !/^\/questions\/[A-Za-z0-9_-]{1,200}$/.test(pathname)) return null;
  const h = req.headers;
  const cookie = Array.isArray(h.cookie) ? h.cookie.join("; ") : h.cookie ?? "";
  if (SESSION_COOKIE.test(cookie)) return null;
  // React Server Components fetches and prefetches answer flight data, not the page.
  if (h.rsc !== undefined || h["next-router-prefetch"] !== undefined || h["next-router-state-tree"] !== undefined || h["next-action"] !== undefined) return null;
  if (/(^|&)_rsc=/.test(query)) return null;
  const localeCookie = LOCALE_COOKIE_VALUE.exec(cookie)?.[1];
  const acceptLanguage = Array.isArray(h["accept-language"]) ? h["accept-language"][0] : h["accept-language"];
  return `${pickLocale(localeCookie, acceptLanguage)} ${encodingClass(h["accept-encoding"])} ${url}`;
}

/**
 * Next compresses pages (gzip, else deflate) for clients that accept it; the cache keeps what was sent, so clients are
 * grouped by what they accept and a stored encoding is served only to a client that lists it.
 */
function encodingClass(header: string | string[] | undefined): string {
  const value = (Array.isArray(header) ? header.join(",") : header ?? "").toLowerCase();
  const accepted = (name: string) => new RegExp(`(^|,)\\s*${name}\\s*(,|$|;(?!\\s*q=0(\\.0*)?\\s*(,|$)))`).test(value);
  return accepted("gzip") ? "gzip" : accepted("deflate") ? "deflate" : "identity";
}

function acceptsEncoding(header: string | string[] | undefined, encoding: string | undefined): boolean {
  return encoding === undefined || encoding === "identity" || encodingClass(header) === encoding;
}

export class GuestPageCache {
  private readonly entries = new Map<string, Entry>();
  /** Renders in flight per key (single flight): other guests asking for the same page wait for this one. */
  private readonly pending = new Map<string, { generation: number; entry: Promise<Entry | null> }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly changes: () => BankChanges | null,
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Writes the cached page when there is a fresh one; true when it did (the request is answered). When the same page
   * is being rendered for another guest right now, waits for that render instead of starting a second one (a crowd
   * arriving on a page that just expired costs one render, not one per request); false: render it yourself.
   */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const key = guestPageKey(req);
    if (key === null) return false;
    const generation = this.changes()?.current() ?? null;
    if (generation === null) return false;
    let entry = this.fresh(key, generation);
    if (!entry) {
      const pending = this.pending.get(key);
      if (!pending || pending.generation !== generation) return false;
      entry = (await pending.entry) ?? undefined;
      if (!entry || entry.generation !== this.changes()?.current()) return false;
    }
    const encoding = entry.headers["content-encoding"];
    if (!acceptsEncoding(req.headers["accept-encoding"], typeof encoding === "string" ? encoding : undefined)) return false;
    this.hits += 1;
    res.writeHead(entry.status, { ...entry.headers, "content-length": String(entry.body.length), "x-clockwise-page-cache": "hit" });
    res.end(req.method === "HEAD" ? undefined : entry.body);
    return true;
  }

  private fresh(key: string, generation: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== generation || this.now() - entry.storedAt > this.ttlMs) {
      this.drop(key);
      return undefined;
    }
    this.entries.delete(key); // LRU: most recently used last
    this.entries.set(key, entry);
    return entry;
  }

  /** A miss that Next is about to answer: keeps the page when the answer is cacheable. Call before the handler writes. */
  capture(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== "GET") return;
    const key = guestPageKey(req);
    if (key === null) return;
    const generation = this.changes()?.current() ?? null;
    if (generation === null) return; // deaf to bank changes: never cache
    this.misses += 1;
    let settle: (entry: Entry | null) => void = () => undefined;
    if (!this.pending.has(key)) {
      const entry = new Promise<Entry | null>((resolve) => (settle = resolve));
      const flight = { generation, entry };
      this.pending.set(key, flight);
      const done = settle;
      settle = (value) => {
        if (this.pending.get(key) === flight) this.pending.delete(key);
        done(value);
      };
      res.once("close", () => settle(null)); // an answer that never ended (error, client gone): the waiters render
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (tooBig || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > MAX_PAGE_BYTES) tooBig = true;
      else chunks.push(buffer);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    (res as unknown as { write: (...args: unknown[]) => boolean }).write = (...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    };
    (res as unknown as { end: (...args: unknown[]) => ServerResponse }).end = (...args: unknown[]) => {
      keep(args[0], args[1]);
      const result = end(...args);
      settle(this.store(key, generation, res, tooBig ? null : Buffer.concat(chunks)));
      return result;
    };
  }

  private store(key: string, generation: number, res: ServerResponse, body: Buffer | null): Entry | null {
    if (body === null || res.statusCode !== 200) return null;
    const type = String(res.getHeader("content-type") ?? "");
    if (!type.startsWith("text/html") || res.getHeader("set-cookie") !== undefined) return null;
    if (this.changes()?.current() !== generation) return null; // the bank changed during the render
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(res.getHeaders())) {
      if (value === undefined || PER_RESPONSE.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.map(String) : String(value);
    }
    this.drop(key);
    const entry: Entry = { generation, storedAt: this.now(), status: 200, headers, body };
    this.entries.set(key, entry);
    this.bytes += body.length;
    while (this.entries.size > MAX_ENTRIES || this.bytes > MAX_BYTES) this.drop(this.entries.keys().next().value!);
    return entry;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }

  get size(): number {
    return this.entries.size;
  }
}

const processWide = globalThis as unknown as { clockwiseGuestPageCache?: GuestPageCache };

/**
 * The process's guest page cache, or null when page caching is off (no database URL; `enabled` false:
 * CLOCKWISE_PAGE_CACHE=0 as lib/config parsed it at start).
 */
export function guestPageCache(databaseUrl: string | undefined, enabled: boolean): GuestPageCache | null {
  if (!databaseUrl || !enabled) return null;
  return (processWide.clockwiseGuestPageCache ??= new GuestPageCache(() => bankChanges(databaseUrl)));
}
