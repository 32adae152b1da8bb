/**
 * Requests a hostile page makes with the victim's browser, and links that try to send a user elsewhere after
 * signing in: better-auth's origin check on sign-in / sign-up, the submission API's refusal of a foreign Origin
 * (lib/auth/guards.ts), better-auth's callbackURL check against trustedOrigins, and the sign-in form's `?next=`
 * (lib/auth/next-path.ts, used by app/auth-form.tsx).
 */
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { safeNextPath } from "@/lib/auth/next-path";
import { POST as createRoute } from "@/app/api/submissions/route";
import { APP, EVIL, PASSWORD, authPost, noParams, signUp, uniqueEmail, ensureSeedCodingQuestions, type Account } from "./support";

const SUBMISSION = { questionSlug: "semantic-vector", language: "python", code: "def llm_inference(text, engine):\n    return []\n", mode: "run" };

let victim: Account;

beforeAll(async () => {
  await ensureSeedCodingQuestions();
  victim = await signUp();
});

afterAll(async () => {
  await getPrisma().submission.updateMany({ where: { userId: victim.id, status: { in: ["queued", "running"] } }, data: { status: "done", verdict: "AC", score: 1 } });
  await closeQueue();
  await disconnectPrisma();
});

const FOREIGN_ORIGINS = [EVIL, "null", "http://localhost:3001", "http://localhost:3000.evil.example", "https://localhost:3000"];

describe("better-auth origin check", () => {
  test.each(FOREIGN_ORIGINS)("sign-up posted from Origin %s → 403, no account", async (origin) => {
    const email = uniqueEmail("csrf-signup");
    const response = await authPost("/sign-up/email", { email, password: PASSWORD, name: "csrf" }, { origin });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_token="))).toBe(false);
    expect(await getPrisma().user.count({ where: { email } })).toBe(0);
  });

  test.each(FOREIGN_ORIGINS)("sign-in posted from Origin %s → 403, no session (login CSRF)", async (origin) => {
    const response = await authPost("/sign-in/email", { email: victim.email, password: PASSWORD }, { origin });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_token="))).toBe(false);
  });
});

describe("POST /api/submissions from another site", () => {
  const post = (headers: Record<string, string>) =>
    createRoute(new Request(`${APP}/api/submissions`, { method: "POST", headers, body: JSON.stringify(SUBMISSION) }), noParams);
  const count = () => getPrisma().submission.count({ where: { userId: victim.id } });

  test.each([
    ...FOREIGN_ORIGINS.map((origin) => ({ name: `Origin ${origin}, JSON`, origin, type: "application/json" })),
    // A plain HTML form can send text/plain without a CORS preflight; the handler still parses it as JSON.
    { name: `Origin ${EVIL}, text/plain form`, origin: EVIL, type: "text/plain" },
  ])("$name with the victim's cookie → 403, nothing stored", async ({ origin, type }) => {
    const before = await count();
    const response = await post({ "content-type": type, origin, cookie: victim.cookie });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toBe("FORBIDDEN");
    expect(await count()).toBe(before);
  });

  test("the app's own origin with the cookie → 201 (the check is not refusing everyone)", async () => {
    const response = await post({ "content-type": "application/json", origin: APP, cookie: victim.cookie });
    expect(response.status).toBe(201);
  });

  test("no session at all → 401, nothing stored", async () => {
    const before = await getPrisma().submission.count();
    const response = await post({ "content-type": "application/json", origin: APP });
    expect(response.status).toBe(401);
    expect(await getPrisma().submission.count()).toBe(before);
  });
});

describe("sign-in callbackURL (better-auth trustedOrigins)", () => {
  test.each([
    "https://evil.example/after",
    "//evil.example/after",
    "/\\evil.example/after",
    "http://localhost:3000.evil.example/",
    "https://evil.example/?x=http://localhost:3000/",
    "javascript:alert(document.cookie)",
  ])("callbackURL %s → 403 INVALID_CALLBACK_URL, no session", async (callbackURL) => {
    const response = await authPost("/sign-in/email", { email: victim.email, password: PASSWORD, callbackURL });
    expect(response.status).toBe(403);
    expect((await response.json()).code).toBe("INVALID_CALLBACK_URL");
    expect(response.headers.getSetCookie().some((c) => c.startsWith("better-auth.session_token="))).toBe(false);
  });

  test("sign-up with an outside callbackURL → 403, no account", async () => {
    const email = uniqueEmail("redirect-signup");
    const response = await authPost("/sign-up/email", { email, password: PASSWORD, name: "r", callbackURL: "https://evil.example/welcome" });
    expect(response.status).toBe(403);
    expect(await getPrisma().user.count({ where: { email } })).toBe(0);
  });

  test("a same-site callbackURL is accepted (the check is not refusing everyone)", async () => {
    const response = await authPost("/sign-in/email", { email: victim.email, password: PASSWORD, callbackURL: "/questions" });
    expect(response.status).toBe(200);
  });
});

describe("the sign-in form's ?next= (safeNextPath)", () => {
  // Values as URLSearchParams.get returns them, i.e. already percent-decoded.
  test.each([
    ["https://evil.example/"],
    ["//evil.example"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["/\t/evil.example"], // ?next=/%09/evil.example: browsers drop the tab
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["javascript:alert(1)"],
    [" /questions"],
    ["questions"],
    [""],
  ])("refuses %j → /questions", (raw) => {
    expect(safeNextPath(raw)).toBe("/questions");
  });

  test.each([
    ["/questions/semantic-vector", "/questions/semantic-vector"],
    ["/review?due=1#top", "/review?due=1#top"],
    ["/mock", "/mock"],
  ])("keeps the same-site path %s", (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  test("a missing ?next= goes to the bank", () => {
    expect(safeNextPath(null)).toBe("/questions");
  });
});
