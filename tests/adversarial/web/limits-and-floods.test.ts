/**
 * Volume attacks: an oversized submission body (refused quickly, nothing stored), a sign-in flood against one
 * account (429 that a forged X-Forwarded-For / X-Real-IP cannot reset), a sign-in flood from one address, and a
 * submission flood from one user (429 with Retry-After, counted from stored rows).
 */
import { getAuth } from "@/lib/auth/auth";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { loadEnv } from "@/lib/config/env";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { submissionRateLimit, MAX_CODE_BYTES } from "@/lib/use-cases/submissions/create-submission";
import { POST as createRoute } from "@/app/api/submissions/route";
import { MAX_REQUEST_BODY_BYTES } from "@/lib/auth/guards";
import { APP, PASSWORD, authPost, clientIp, noParams, signUp, uniqueEmail, ensureSeedCodingQuestions, type Account } from "./support";

const SIGN_IN_PER_MINUTE = loadEnv().CLOCKWISE_SIGNIN_RATE_LIMIT;
const SUBMISSION = { questionSlug: "semantic-vector", language: "python", code: "def llm_inference(text, engine):\n    return []\n", mode: "run" };
const flooders: string[] = [];

beforeAll(async () => {
  await ensureSeedCodingQuestions();
});

afterAll(async () => {
  await getPrisma().submission.updateMany({ where: { userId: { in: flooders }, status: { in: ["queued", "running"] } }, data: { status: "done", verdict: "AC", score: 1 } });
  await closeQueue();
  await disconnectPrisma();
});

const postSubmission = (cookie: string, body: string, type = "application/json") =>
  createRoute(new Request(`${APP}/api/submissions`, { method: "POST", headers: { "content-type": type, cookie }, body }), noParams);

describe("oversized submission bodies", () => {
  let account: Account;
  beforeAll(async () => {
    account = await signUp();
    flooders.push(account.id);
  });

  test.each([
    { name: "10 MB of code", body: () => JSON.stringify({ ...SUBMISSION, code: "#".repeat(10 * 1024 * 1024) }), field: "code" },
    { name: "code one byte over the limit", body: () => JSON.stringify({ ...SUBMISSION, code: "#".repeat(MAX_CODE_BYTES + 1) }), field: "code" },
    { name: "10 MB of custom input", body: () => JSON.stringify({ ...SUBMISSION, customArgs: ["x".repeat(10 * 1024 * 1024)] }), field: "customArgs" },
    { name: "100k custom arguments", body: () => JSON.stringify({ ...SUBMISSION, customArgs: new Array(100_000).fill(0) }), field: "customArgs" },
    { name: "JSON nested 100k deep", body: () => `{"questionSlug":"semantic-vector","language":"python","mode":"run","code":"x","customArgs":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, field: "customArgs" },
  ])("$name → 413/422 naming the field, nothing stored", async ({ body, field }) => {
    const before = await getPrisma().submission.count({ where: { userId: account.id } });
    const response = await postSubmission(account.cookie, body());
    expect([413, 422]).toContain(response.status);
    const json = await response.json();
    if (response.status === 422) expect(Object.keys(json.fields)).toContain(field);
    expect(JSON.stringify(json).length).toBeLessThan(2000);
    expect(await getPrisma().submission.count({ where: { userId: account.id } })).toBe(before);
  });
});

describe("bodies over the guard's cap are not buffered", () => {
  let account: Account;
  beforeAll(async () => {
    account = await signUp();
    flooders.push(account.id);
  });

  test("a 200 MB chunked body without Content-Length → 413 after reading little more than the cap", async () => {
    const chunk = new Uint8Array(256 * 1024).fill(32);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 200 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await createRoute(
      new Request(`${APP}/api/submissions`, { method: "POST", headers: { "content-type": "application/json", cookie: account.cookie }, body, duplex: "half" } as RequestInit),
      noParams,
    );
    expect(response.status).toBe(413);
    expect((await response.json()).error).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThanOrEqual(MAX_REQUEST_BODY_BYTES + 4 * chunk.byteLength);
  });

  test("a body one megabyte-and-a-bit long → 413", async () => {
    const response = await postSubmission(account.cookie, JSON.stringify(SUBMISSION) + " ".repeat(MAX_REQUEST_BODY_BYTES));
    expect(response.status).toBe(413);
  });

  test("a body just under the cap still reaches the handler (422 for its oversized code, not 413)", async () => {
    const response = await postSubmission(account.cookie, JSON.stringify({ ...SUBMISSION, code: "#".repeat(MAX_REQUEST_BODY_BYTES - 200) }));
    expect(response.status).toBe(422);
  });
});

describe("sign-in floods", () => {
  test("one account, a new forged X-Forwarded-For on every attempt → 429, and more forged addresses do not reset it", async () => {
    const victim = await signUp();
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_PER_MINUTE * 2 + 1; i++) {
      statuses.push((await authPost("/sign-in/email", { email: victim.email, password: `wrong-${i}-password` }, { "x-forwarded-for": clientIp() })).status);
    }
    expect(statuses.slice(0, SIGN_IN_PER_MINUTE * 2)).toEqual(new Array(SIGN_IN_PER_MINUTE * 2).fill(401));
    expect(statuses.at(-1)).toBe(429);
    for (const headers of [{ "x-forwarded-for": clientIp() } as Record<string, string>, { "x-forwarded-for": `${clientIp()}, ${clientIp()}` }, { "x-real-ip": clientIp(), "x-forwarded-for": "" }]) {
      const response = await authPost("/sign-in/email", { email: victim.email, password: PASSWORD }, headers);
      expect(response.status).toBe(429);
      expect(response.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_token="))).toBe(false);
    }
  });

  test("the per-account counter ignores case and surrounding spaces in the email", async () => {
    const victim = await signUp();
    const variants = [victim.email, victim.email.toUpperCase(), ` ${victim.email} `, victim.email.replace(/^./, (c) => c.toUpperCase())];
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_PER_MINUTE * 2 + 1; i++) {
      statuses.push((await authPost("/sign-in/email", { email: variants[i % variants.length], password: "wrong password!" }, { "x-forwarded-for": clientIp() })).status);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  test("one address trying many accounts → 429 from better-auth's per-IP limit", async () => {
    const ip = clientIp();
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_PER_MINUTE + 1; i++) {
      statuses.push((await authPost("/sign-in/email", { email: `nobody-${i}-${ip}@example.test`, password: "wrong password!" }, { "x-forwarded-for": ip })).status);
    }
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("submission flood", () => {
  test("one user past the per-minute limit → 429 with Retry-After; only the limit is stored", async () => {
    const account = await signUp();
    flooders.push(account.id);
    const limit = submissionRateLimit();
    const statuses: number[] = [];
    for (let i = 0; i < limit; i++) statuses.push((await postSubmission(account.cookie, JSON.stringify(SUBMISSION))).status);
    expect(statuses).toEqual(new Array(limit).fill(201));
    const refused = await postSubmission(account.cookie, JSON.stringify(SUBMISSION));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error).toBe("RATE_LIMITED");
    expect(await getPrisma().submission.count({ where: { userId: account.id } })).toBe(limit);
  });

  test("parallel requests cannot race past the limit", async () => {
    const account = await signUp();
    flooders.push(account.id);
    const limit = submissionRateLimit();
    const responses = await Promise.all(Array.from({ length: limit + 5 }, () => postSubmission(account.cookie, JSON.stringify(SUBMISSION))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(await getPrisma().submission.count({ where: { userId: account.id } })).toBe(limit);
  });
});

describe("oversized profile fields", () => {
  const big = (n: number) => "x".repeat(n);
  test.each([
    { field: "name", value: big(1 << 20) },
    { field: "name", value: big(61) },
    { field: "displayName", value: big(1 << 20) },
    { field: "image", value: big(1 << 20) },
    { field: "email", value: `${big(10_000)}@example.test` },
  ])("sign-up with a $field of $value.length characters → 400, no account", async ({ field, value }) => {
    const email = field === "email" ? value : uniqueEmail("big-profile");
    const response = await authPost("/sign-up/email", { email, password: PASSWORD, name: "n", [field]: value });
    expect(response.status).toBe(400);
    expect(await getPrisma().user.count({ where: { email } })).toBe(0);
  });

  test("a name of exactly 60 characters is accepted (the sign-up form's own limit)", async () => {
    const email = uniqueEmail("big-profile");
    const response = await authPost("/sign-up/email", { email, password: PASSWORD, name: big(60) });
    expect(response.status).toBe(200);
  });

  test("update-user with a 1 MB name → 400, name unchanged", async () => {
    const account = await signUp();
    const response = await getAuth().handler(
      new Request(`${APP}/api/auth/update-user`, { method: "POST", headers: { "content-type": "application/json", origin: APP, cookie: account.cookie }, body: JSON.stringify({ name: big(1 << 20) }) }),
    );
    expect(response.status).toBe(400);
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: account.id } })).name).toBe("candidate");
  });

  test("sign-in with a 1 MB email → 400 and no rate-limit row keyed by it", async () => {
    const email = `${big(1 << 20)}@example.test`;
    const response = await authPost("/sign-in/email", { email, password: "wrong password!" });
    expect(response.status).toBe(400);
    expect(await getPrisma().rateLimit.count({ where: { key: `signin-email|${email}` } })).toBe(0);
  });
});

describe("/api/auth bodies are capped too", () => {
  test("a 50 MB chunked sign-in body → 413 after reading little more than 64 KB", async () => {
    const { POST: authRoute } = await import("@/app/api/auth/[...all]/route");
    const chunk = new Uint8Array(16 * 1024).fill(32);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 50 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await authRoute(
      new Request(`${APP}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: APP, "x-forwarded-for": clientIp() }, body, duplex: "half" } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(64 * 1024 + 4 * chunk.byteLength);
  });
});
