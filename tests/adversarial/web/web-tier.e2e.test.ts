/**
 * Issue 16, over real HTTP against the production server (lib/ops/web-server.ts in front of the production build;
 * started by tests/e2e/global-setup.ts): every hardening item as a hostile client meets it, each with a control that
 * proves the check does not simply refuse everyone. Run: `npx jest --config tests/e2e/jest.config.js web-tier`.
 */
import net from "node:net";
import os from "node:os";
import { parseEventStream } from "@/lib/web/submission-event-stream";
import { MAX_STREAMS_PER_SUBMISSION } from "@/lib/web/stream-slots";
import { GUEST_ACTION_BODY_BYTES, MAX_CONNECTIONS_PER_CLIENT } from "@/lib/ops/edge-policy";
import { RATE_LIMITS } from "@/lib/use-cases/limits/rate-limit-rules";
import { resolveLimits } from "@/lib/grader/limits";
import { E2E_PORT } from "../../e2e/server";
import {
  ORIGIN,
  actionId,
  adminCookie,
  callAction,
  freshAddress,
  request,
  requestUnread,
  sessionCookieOf,
  signInOverHttp,
  signUpOverHttp,
  type HttpAccount,
} from "./http-support";

const WEB_PROCESSES = Number(process.env.CLOCKWISE_WEB_PROCESSES) || Math.min(16, os.availableParallelism());
const SLEEPER = "import time\n\ndef llm_inference(text, engine):\n    time.sleep(30)\n    return []\n";
/**
 * Stays queued or running for a long time whatever the machine: each test sleeps ¾ of the per-test limit, so none
 * is a TLE (a TLE kills the box, and after the restarts the rest are not run: SLEEPER is final within seconds) and
 * semantic-vector's 12 tests take ≥ 9 × the limit (18 s by default), far past the stream's 5 s session check.
 */
const PER_TEST_SLEEPER = `import time\n\ndef llm_inference(text, engine):\n    time.sleep(${(resolveLimits().timeMsPerTest * 0.75) / 1000})\n    return []\n`;

describe("security headers on every response", () => {
  test.each(["/questions", "/api/health", "/sign-in", "/admin/questions", "/_next/does-not-exist.js"])("%s", async (path) => {
    const answer = await request("GET", path, { from: freshAddress() });
    const csp = String(answer.headers["content-security-policy"]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toContain("object-src 'none'");
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    expect(answer.headers["x-frame-options"]).toBe("DENY");
    expect(answer.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });
});

describe("server-action bodies are bounded before Next decodes them", () => {
  const playground = () => actionId("runPlayground", "playground");
  const bigArray = `[${new Array(Math.floor((2.85 * 1024 * 1024) / 3)).fill("{}").join(",")}]`;

  test("a guest's 2.85 MB of [{},{},…] to the playground action → 413, unread", async () => {
    const answer = await requestUnread("POST", "/playground", {
      from: freshAddress(),
      headers: { "next-action": playground(), "content-type": "text/plain;charset=UTF-8", origin: ORIGIN },
      body: bigArray,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toBe("PAYLOAD_TOO_LARGE");
  });

  test("a made-up session cookie does not buy the signed-in limit", async () => {
    const body = `[${new Array(Math.floor((GUEST_ACTION_BODY_BYTES * 2) / 3)).fill("{}").join(",")}]`;
    const answer = await requestUnread("POST", "/playground", {
      from: freshAddress(),
      headers: { "next-action": playground(), "content-type": "text/plain;charset=UTF-8", cookie: "better-auth.session_token=forged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D" },
      body,
    });
    expect(answer.status).toBe(413);
  });

  test("control: a guest's real playground call goes through", async () => {
    const answer = await callAction("/playground", playground(), ["word2vec", "hello world"], { from: freshAddress() });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/"ok":(true|false)/);
  });

  test("control: a signed-in user may send more than the guest limit (up to Next's 1 MB)", async () => {
    const account = await signUpOverHttp();
    const body = `[${new Array(Math.floor((GUEST_ACTION_BODY_BYTES * 2) / 3)).fill("{}").join(",")}]`;
    const answer = await request("POST", "/playground", {
      from: account.from,
      headers: { "next-action": playground(), "content-type": "text/plain;charset=UTF-8", cookie: account.cookie, origin: ORIGIN },
      body,
    });
    expect(answer.status).not.toBe(413);
  });

  test("a candidate's 9 MB bundle import is refused without being read; an admin's small preview works", async () => {
    const account = await signUpOverHttp();
    const refused = await requestUnread("POST", "/admin/import/bundle", {
      from: account.from,
      headers: { "content-type": "application/json", cookie: account.cookie, origin: ORIGIN },
      body: JSON.stringify({ files: [{ name: "x.json", text: "x".repeat(9 * 1024 * 1024) }], apply: false }),
    });
    expect(refused.status).toBe(404);
    const admin = await adminCookie();
    const tooLarge = await requestUnread("POST", "/admin/import/bundle", {
      headers: { "content-type": "application/json", cookie: admin, origin: ORIGIN },
      body: JSON.stringify({ files: [{ name: "x.json", text: "x".repeat(9 * 1024 * 1024) }], apply: false }),
    });
    expect(tooLarge.status).toBe(413);
    const preview = await request("POST", "/admin/import/bundle", {
      headers: { "content-type": "application/json", cookie: admin, origin: ORIGIN },
      body: JSON.stringify({ files: [{ name: "q.md", text: "# A title\n\nSome body text." }], apply: false }),
    });
    expect(preview.status).toBe(200);
    expect(JSON.parse(preview.body)).toHaveProperty("items");
  });
});

describe("expensive actions are rate-limited with a clear 429 / RATE_LIMITED", () => {
  test("playground Generate route: a guest's requests past the limit → 429 with Retry-After", async () => {
    const from = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMITS.playground.guest.max; i++) {
      const answer = await request("POST", "/playground/generate", {
        from,
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ model: "no-such-model", prompt: "", maxNewTokens: 1, cache: true }),
      });
      statuses.push(answer.status);
      if (answer.status === 429) expect(answer.headers["retry-after"]).toBe(String(RATE_LIMITS.playground.guest.windowSeconds));
    }
    expect(statuses.slice(0, RATE_LIMITS.playground.guest.max).every((s) => s !== 429)).toBe(true);
    expect(statuses[RATE_LIMITS.playground.guest.max]).toBe(429);
  });

  test("concept answers: the 21st in a minute is RATE_LIMITED, in the visitor's language", async () => {
    const account = await signUpOverHttp();
    const id = actionId("answerConceptQuestion", "questions");
    const slug = "llm-inference-key-steps";
    const results: string[] = [];
    for (let i = 0; i <= RATE_LIMITS["concept-answer"].user.max; i++) {
      const answer = await callAction(`/questions/${slug}`, id, [slug, "tokenize the text, run the forward pass, post-process the logits"], {
        from: account.from,
        cookie: `${account.cookie}; clockwise-locale=zh`,
      });
      expect(answer.status).toBe(200);
      results.push(/"error":"RATE_LIMITED"/.test(answer.body) ? "RATE_LIMITED" : "ok");
      if (i === RATE_LIMITS["concept-answer"].user.max) expect(answer.body).toContain("操作过于频繁");
    }
    expect(results.filter((r) => r === "RATE_LIMITED")).toEqual(["RATE_LIMITED"]);
    expect(results.at(-1)).toBe("RATE_LIMITED");
  });
});

describe("submission event streams", () => {
  let account: HttpAccount;
  let submissionId: string;
  beforeAll(async () => {
    account = await signUpOverHttp();
    const created = await request("POST", "/api/submissions", {
      from: account.from,
      headers: { "content-type": "application/json", cookie: account.cookie, origin: ORIGIN },
      body: JSON.stringify({ questionSlug: "semantic-vector", language: "python", code: SLEEPER, mode: "submit" }),
    });
    expect(created.status).toBe(201);
    submissionId = JSON.parse(created.body).id;
  });

  async function submit(code: string): Promise<string> {
    const created = await request("POST", "/api/submissions", {
      from: account.from,
      headers: { "content-type": "application/json", cookie: account.cookie, origin: ORIGIN },
      body: JSON.stringify({ questionSlug: "semantic-vector", language: "python", code, mode: "submit" }),
    });
    expect(created.status).toBe(201);
    return JSON.parse(created.body).id;
  }

  function openStream(cookie: string, id = submissionId): Promise<{ status: number; text: () => string; ended: Promise<void>; close: () => void }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port: E2E_PORT, localAddress: account.from });
      let raw = "";
      let settled = false;
      let endedResolve!: () => void;
      const ended = new Promise<void>((r) => (endedResolve = r));
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => {
        raw += chunk;
        if (!settled && raw.includes("\r\n\r\n")) {
          settled = true;
          resolve({ status: Number(raw.slice(9, 12)), text: () => raw.slice(raw.indexOf("\r\n\r\n") + 4), ended, close: () => socket.destroy() });
        }
        if (raw.endsWith("0\r\n\r\n")) socket.end();
      });
      socket.on("close", () => endedResolve());
      socket.on("error", (e) => (settled ? endedResolve() : reject(e)));
      socket.write(`GET /api/submissions/${id}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`);
    });
  }

  test("at most MAX_STREAMS_PER_SUBMISSION per process on one submission; the rest get 429", async () => {
    const streams = await Promise.all(Array.from({ length: 20 }, () => openStream(account.cookie)));
    const accepted = streams.filter((s) => s.status === 200).length;
    const refused = streams.filter((s) => s.status === 429);
    for (const s of streams) s.close();
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThanOrEqual(MAX_STREAMS_PER_SUBMISSION * WEB_PROCESSES);
    expect(refused.length).toBe(20 - accepted);
    expect(refused[0]!.text()).toContain("RATE_LIMITED");
  });

  test("a stream ends after its session is signed out, without a done event", async () => {
    await new Promise((r) => setTimeout(r, 500)); // the previous case's closed streams give their slots back
    const second = sessionCookieOf(await signInOverHttp(account.email, account.password, account.from));
    // A submission still being graded when the session ends (the beforeAll's SLEEPER is final within seconds).
    const running = await submit(PER_TEST_SLEEPER);
    const stream = await openStream(second, running);
    expect(stream.status).toBe(200);
    const out = await request("POST", "/api/auth/sign-out", { from: account.from, headers: { cookie: second, origin: ORIGIN, "content-type": "application/json" }, body: "{}" });
    expect(out.status).toBe(200);
    await stream.ended;
    const events = parseEventStream(stream.text().replace(/\r\n[0-9a-f]+\r\n/g, "").replace(/^[0-9a-f]+\r\n/, ""));
    expect(events.map((e) => e.event)).not.toContain("done");
    // Control: the submission was still being graded when the stream ended, so the missing done is the sign-out's.
    const after = await request("GET", `/api/submissions/${running}`, { from: account.from, headers: { cookie: account.cookie } });
    expect(["queued", "running"]).toContain(JSON.parse(after.body).status);
  });
});

describe("connections", () => {
  test("a body sent a byte at a time is cut off by the request timeout instead of holding the socket", async () => {
    const socket = net.connect({ host: "127.0.0.1", port: E2E_PORT, localAddress: freshAddress() });
    let closed = false;
    socket.on("close", () => (closed = true));
    socket.on("error", () => undefined);
    socket.write(`POST /api/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n`);
    let sent = 0;
    while (!closed && sent < 120) {
      socket.write("{");
      sent += 1;
      await new Promise((r) => setTimeout(r, 1000));
    }
    socket.destroy();
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(120);
  });

  test("one client address cannot hold more than the per-client connection cap; another address still gets in", async () => {
    const from = freshAddress();
    const sockets: net.Socket[] = [];
    let closedByServer = 0;
    const total = MAX_CONNECTIONS_PER_CLIENT * WEB_PROCESSES + 20;
    await Promise.all(
      Array.from({ length: total }, () => new Promise<void>((resolve) => {
        const s = net.connect({ host: "127.0.0.1", port: E2E_PORT, localAddress: from }, () => resolve());
        s.on("close", () => (closedByServer += 1));
        s.on("error", () => resolve());
        sockets.push(s);
      })),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const control = await request("GET", "/api/health", { from: freshAddress() });
    for (const s of sockets) s.destroy();
    expect(closedByServer).toBeGreaterThanOrEqual(20);
    expect(control.status).toBe(200);
  });
});

describe("admin pages are not rendered for anyone else", () => {
  test.each([
    ["a guest", async () => ({ cookie: "" })],
    ["a candidate", async () => ({ cookie: (await signUpOverHttp()).cookie })],
  ])("%s gets the edge's bare 404 for /admin pages (no page text, no chunks)", async (_name, who) => {
    const { cookie } = await who();
    for (const path of ["/admin", "/admin/questions", "/admin/import", "/admin/users", "/admin/questions/new"]) {
      const answer = await request("GET", path, { from: freshAddress(), headers: cookie ? { cookie } : {} });
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(answer.body).not.toMatch(/_next\/static|New question|Import|Reset a password|Audit/);
    }
  });

  test("control: the admin sees the pages", async () => {
    const cookie = await adminCookie();
    const answer = await request("GET", "/admin/questions", { headers: { cookie } });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("New question");
  });
});

describe("passwords", () => {
  test("change password with 'sign out other sessions' ends the other sessions and keeps this one", async () => {
    const account = await signUpOverHttp();
    const other = sessionCookieOf(await signInOverHttp(account.email, account.password, account.from));
    const changed = await request("POST", "/api/auth/change-password", {
      from: account.from,
      headers: { "content-type": "application/json", cookie: account.cookie, origin: ORIGIN },
      body: JSON.stringify({ currentPassword: account.password, newPassword: "a brand new passphrase", revokeOtherSessions: true }),
    });
    expect(changed.status).toBe(200);
    const mine = sessionCookieOf(changed); // better-auth issues a fresh session to the changer
    const session = async (cookie: string) => (await request("GET", "/api/auth/get-session", { headers: { cookie } })).body;
    expect(await session(other)).toBe("null");
    expect(await session(mine)).toContain(account.email);
    expect((await signInOverHttp(account.email, account.password)).status).toBe(401);
    expect((await signInOverHttp(account.email, "a brand new passphrase")).status).toBe(200);
  });

  test("the account page is there for users and sends guests to sign in", async () => {
    const account = await signUpOverHttp();
    const page = await request("GET", "/account", { headers: { cookie: `${account.cookie}; clockwise-locale=en` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Sign out my other sessions");
    const guest = await request("GET", "/account");
    expect([303, 307, 308]).toContain(guest.status);
    expect(guest.headers.location).toContain("/sign-in");
  });

  test("an admin resets a password: a one-time password shown once, the user's sessions end", async () => {
    const account = await signUpOverHttp();
    const id = actionId("resetPasswordAction", "admin/users");
    const candidateTry = await callAction("/admin/users", id, [account.email], { cookie: account.cookie });
    expect(candidateTry.status).toBe(404);
    const answer = await callAction("/admin/users", id, [account.email], { cookie: await adminCookie() });
    expect(answer.status).toBe(200);
    const password = /"password":"([^"]+)"/.exec(answer.body)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect((await request("GET", "/api/auth/get-session", { headers: { cookie: account.cookie } })).body).toBe("null");
    expect((await signInOverHttp(account.email, password!)).status).toBe(200);
  });
});

describe("sign-up (ADR 0907: an existing address is not hidden; the per-address limit bounds probing)", () => {
  test("probing addresses from one client stops at the sign-up limit", async () => {
    const from = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const answer = await request("POST", "/api/auth/sign-up/email", {
        from,
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ email: `probe-${i}-${Date.now()}@example.test`, password: "correct horse battery", name: "p" }),
      });
      statuses.push(answer.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
  });
});
