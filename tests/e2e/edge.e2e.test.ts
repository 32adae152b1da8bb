/**
 * The edge server (lib/ops/web-server.ts) over real HTTP, against the production server the suite started:
 * a client that forges X-Forwarded-For / X-Real-IP on every request still runs into the per-IP sign-up limit,
 * because the address that counts is its TCP peer address.
 *
 * Each test connects from its own loopback address (127.0.0.x, via the socket's local address), so the buckets
 * it exhausts are not the 127.0.0.1 / ::1 buckets the browser flows of the other files sign up from.
 */
import http from "node:http";
import { randomUUID } from "node:crypto";
import { E2E_PORT } from "./server";

/** better-auth's per-IP sign-up rule is CLOCKWISE_SIGNIN_RATE_LIMIT per minute (lib/auth/auth.ts). */
const SIGN_UP_PER_MINUTE = Number(process.env.CLOCKWISE_SIGNIN_RATE_LIMIT || 5);
const ORIGIN = `http://127.0.0.1:${E2E_PORT}`;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request to the app over a fresh connection whose source address is `from`. */
function request(from: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: E2E_PORT, localAddress: from, method, path, agent: false, headers: { ...headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(body);
  });
}

function signUp(from: string, forged: Record<string, string>): Promise<Answer> {
  const body = JSON.stringify({ email: `edge-${randomUUID()}@example.test`, password: "correct horse battery", name: "Edge" });
  return request(from, "POST", "/api/auth/sign-up/email", { "content-type": "application/json", origin: ORIGIN, ...forged }, body);
}

let forgedCount = 0;
/** A different made-up client address on every call. */
const forgedAddress = () => `198.51.100.${(++forgedCount % 250) + 1}`;

test("forged X-Forwarded-For / X-Real-IP cannot reset the per-IP sign-up limit", async () => {
  const attacker = "127.0.0.7";
  const statuses: number[] = [];
  for (let i = 0; i < SIGN_UP_PER_MINUTE; i++) {
    statuses.push((await signUp(attacker, { "x-forwarded-for": forgedAddress(), "x-real-ip": forgedAddress() })).status);
  }
  // The first SIGN_UP_PER_MINUTE sign-ups of this address go through (each forged a new address).
  expect(statuses).toEqual(new Array(SIGN_UP_PER_MINUTE).fill(200));

  // Past the limit: every way of claiming another address is still this address.
  for (const forged of [
    { "x-forwarded-for": forgedAddress() },
    { "x-real-ip": forgedAddress() },
    { "x-forwarded-for": `${forgedAddress()}, ${forgedAddress()}` },
    { "x-forwarded-for": "2001:db8::5" },
    { "x-forwarded-for": "10.9.8.7", forwarded: `for=${forgedAddress()}` },
    {},
  ] as Record<string, string>[]) {
    const answer = await signUp(attacker, forged);
    expect({ forged, status: answer.status }).toEqual({ forged, status: 429 });
    expect(answer.headers["set-cookie"] ?? []).toEqual([]);
  }

  // The limit is per address, not global: another client (another source address) still signs up.
  expect((await signUp("127.0.0.8", { "x-forwarded-for": "127.0.0.7" })).status).toBe(200);
});

test("pages and route handlers still answer normally through the edge", async () => {
  const health = await request("127.0.0.9", "GET", "/api/health", { "x-forwarded-for": forgedAddress() });
  expect(health.status).toBe(200);
  const page = await request("127.0.0.9", "GET", "/questions", { "accept-language": "en" });
  expect(page.status).toBe(200);
  expect(page.headers["content-type"]).toMatch(/^text\/html/);
  expect(page.body).toContain("</html>");
});
