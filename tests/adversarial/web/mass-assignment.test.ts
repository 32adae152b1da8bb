/**
 * Fields a client must not be able to set: privileged user columns at sign-up and in update-user, and the
 * grader-owned columns of a submission (verdict, score, status, owner...). Each case sends one extra field and
 * checks the stored row, not just the response.
 */
import { getAuth } from "@/lib/auth/auth";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { POST as createRoute } from "@/app/api/submissions/route";
import { APP, PASSWORD, authPost, noParams, signUp, uniqueEmail, ensureSeedCodingQuestions, type Account } from "./support";

let owner: Account;
let other: Account;
const created: string[] = [];

beforeAll(async () => {
  await ensureSeedCodingQuestions();
  [owner, other] = await Promise.all([signUp(), signUp()]);
});

afterAll(async () => {
  await getPrisma().submission.updateMany({ where: { id: { in: created }, status: { in: ["queued", "running"] } }, data: { status: "done", verdict: "AC", score: 1 } });
  await closeQueue();
  await disconnectPrisma();
});

describe("sign-up ignores privileged fields", () => {
  test.each([
    { field: "role", value: "admin", stored: (u: { role: string }) => expect(u.role).toBe("candidate") },
    { field: "emailVerified", value: true, stored: (u: { emailVerified: boolean }) => expect(u.emailVerified).toBe(false) },
    { field: "id", value: "chosen-by-attacker", stored: (u: { id: string }) => expect(u.id).not.toBe("chosen-by-attacker") },
    { field: "createdAt", value: "2000-01-01T00:00:00.000Z", stored: (u: { createdAt: Date }) => expect(u.createdAt.getUTCFullYear()).toBeGreaterThan(2000) },
  ])("$field: $value is not applied", async ({ field, value, stored }) => {
    const email = uniqueEmail("mass");
    const response = await authPost("/sign-up/email", { email, password: PASSWORD, name: "m", [field]: value });
    expect([200, 400, 422]).toContain(response.status);
    const user = await getPrisma().user.findUnique({ where: { email } });
    if (response.status === 200) stored(user as never);
    else expect(user).toBeNull();
  });
});

describe("update-user cannot raise privileges", () => {
  const update = (cookie: string, body: unknown) =>
    getAuth().handler(new Request(`${APP}/api/auth/update-user`, { method: "POST", headers: { "content-type": "application/json", origin: APP, cookie }, body: JSON.stringify(body) }));

  test.each([
    { body: { role: "admin" } },
    { body: { name: "x", role: "admin" } },
    { body: { emailVerified: true } },
    { body: { email: "someone-else@example.test" } },
  ])("$body → refused or ignored; role, email and verification unchanged", async ({ body }) => {
    const account = await signUp();
    const response = await update(account.cookie, body);
    expect(response.status).toBeLessThan(500);
    const user = await getPrisma().user.findUniqueOrThrow({ where: { id: account.id } });
    expect(user.role).toBe("candidate");
    expect(user.emailVerified).toBe(false);
    expect(user.email).toBe(account.email);
  });
});

describe("POST /api/submissions ignores grader-owned fields", () => {
  const base = { questionSlug: "semantic-vector", language: "python", code: "def llm_inference(text, engine):\n    return []\n", mode: "run" };
  test.each([
    { field: "verdict", value: "AC" },
    { field: "score", value: 1 },
    { field: "status", value: "done" },
    { field: "userId", value: "__other__" },
    { field: "attempts", value: 99 },
    { field: "id", value: "chosen-submission-id" },
    { field: "questionVersion", value: 999 },
    { field: "finishedAt", value: "2000-01-01T00:00:00.000Z" },
    { field: "error", value: "forged" },
  ])("$field is not applied", async ({ field, value }) => {
    const body = { ...base, [field]: value === "__other__" ? other.id : value };
    const response = await createRoute(
      new Request(`${APP}/api/submissions`, { method: "POST", headers: { "content-type": "application/json", cookie: owner.cookie }, body: JSON.stringify(body) }),
      noParams,
    );
    expect([201, 422]).toContain(response.status);
    if (response.status !== 201) return expect(await getPrisma().submission.count({ where: { userId: other.id } })).toBe(0);
    const { id } = await response.json();
    created.push(id);
    expect(id).not.toBe("chosen-submission-id");
    const row = await getPrisma().submission.findUniqueOrThrow({ where: { id } });
    const question = await getPrisma().question.findUniqueOrThrow({ where: { slug: "semantic-vector" } });
    expect(row).toMatchObject({ userId: owner.id, verdict: null, score: null, error: null, finishedAt: null, attempts: 0, questionVersion: question.version });
    expect(["queued", "running"]).toContain(row.status);
  });
});
