/**
 * The guest page cache (lib/web/guest-page-cache.ts) in front of a real node:http server whose handler stands in for
 * Next: which requests are served from memory, and what retires an entry (a bank change, the TTL). Behaviour only.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { BankChanges } from "@/lib/db/questions/bank-changes";
import { GuestPageCache, guestPageKey } from "@/lib/web/guest-page-cache";

function fakeChanges(): BankChanges & { generation: number | null } {
  const state = {
    generation: 1 as number | null,
    current: () => state.generation,
    ready: async () => true,
    onChange: () => () => undefined,
    noteLocalWrite: () => {
      if (state.generation !== null) state.generation += 1;
    },
    close: async () => undefined,
  };
  return state;
}

describe("guest page cache", () => {
  let server: http.Server;
  let base: string;
  let renders = 0;
  let now = 0;
  const changes = fakeChanges();
  const cache = new GuestPageCache(() => changes, 10_000, () => now);

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      if (await cache.serve(req, res)) return;
      cache.capture(req, res);
      renders += 1;
      const body = `<html>render ${renders} of ${req.url}</html>`;
      if (req.url?.includes("slow")) await new Promise((r) => setTimeout(r, 100));
      if (req.url?.includes("cookie")) res.setHeader("set-cookie", "x=1");
      if (req.url?.includes("missing")) res.statusCode = 404;
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.setHeader("x-request-id", `r${renders}`);
      res.write(body.slice(0, 10));
      res.end(body.slice(10));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { headers });
    return { body: await res.text(), hit: res.headers.get("x-clockwise-page-cache") === "hit", requestId: res.headers.get("x-request-id") };
  };

  it("serves a guest's list and question pages from memory until the bank changes", async () => {
    const first = await get("/questions/semantic-vector");
    const second = await get("/questions/semantic-vector");
    expect(first.hit).toBe(false);
    expect(second).toEqual({ body: first.body, hit: true, requestId: null });
    const list = await get("/questions?q=cache");
    expect((await get("/questions?q=cache")).body).toBe(list.body);
    expect((await get("/questions?q=other")).hit).toBe(false);
    changes.noteLocalWrite(); // a publish/edit anywhere moves the generation
    const after = await get("/questions/semantic-vector");
    expect(after.hit).toBe(false);
    expect(after.body).not.toBe(first.body);
  });

  it("keeps one copy per UI locale", async () => {
    const zh = await get("/questions", { cookie: "clockwise-locale=zh" });
    const en = await get("/questions", { "accept-language": "en-US,en;q=0.9" });
    expect(zh.body).not.toBe(en.body);
    expect((await get("/questions", { "accept-language": "zh-CN" })).body).toBe(zh.body);
  });

  it("never serves or keeps pages for sessions, RSC fetches, other paths, errors or Set-Cookie answers", async () => {
    const rendersBefore = renders;
    for (let i = 0; i < 2; i++) {
      await get("/questions/s1", { cookie: "better-auth.session_token=abc.def" });
      await get("/questions/s1", { cookie: "__Secure-better-auth.session_token=abc.def" });
      await get("/questions/s1", { rsc: "1" });
      await get("/questions/s1?_rsc=x1");
      await get("/progress");
      await get("/questions/missing");
      await get("/questions/with-cookie");
    }
    expect(renders - rendersBefore).toBe(14);
    expect(guestPageKey({ method: "POST", url: "/questions", headers: {} })).toBeNull();
  });

  it("renders a page once for the guests who ask for it while it renders", async () => {
    const before = renders;
    const answers = await Promise.all(Array.from({ length: 5 }, () => get("/questions/slow-page")));
    expect(renders - before).toBe(1);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.filter((a) => a.hit)).toHaveLength(4);
  });

  it("does not cache while deaf to bank changes, and entries expire after the TTL", async () => {
    changes.generation = null;
    await get("/questions/deaf");
    expect((await get("/questions/deaf")).hit).toBe(false);
    changes.generation = 100;
    await get("/questions/ttl");
    expect((await get("/questions/ttl")).hit).toBe(true);
    now += 10_001;
    expect((await get("/questions/ttl")).hit).toBe(false);
  });
});
