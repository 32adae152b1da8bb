/**
 * Issue 16.3, the use cases the HTTP cases (web-tier.e2e.test.ts) cannot reach cheaply: mock interview answers and
 * admin validation are counted per user in PostgreSQL before any work (no session lookup, no sandbox), and the
 * refusal is RATE_LIMITED with a retry time; another user's count is separate.
 */
import { disconnectPrisma } from "@/lib/db/client";
import { consumeRateLimit } from "@/lib/auth/rate-limit-window";
import { isAppError } from "@/lib/errors";
import { saveMockAnswer } from "@/lib/use-cases/mock/save-mock-answer";
import { validateQuestion } from "@/lib/use-cases/admin/validate-question";
import { enforceRateLimit } from "@/lib/use-cases/limits/enforce-rate-limit";
import { RATE_LIMITS, rateLimitKey } from "@/lib/use-cases/limits/rate-limit-rules";
import { codingQuestion, runId } from "../../integration/admin-support";
import { createUser } from "../../pipeline/support";

afterAll(async () => {
  await disconnectPrisma();
});

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return "ok";
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
};

test("mock answers: the limit is counted before the interview is even looked up", async () => {
  const actor = (await createUser()) as { id: string; role: "candidate" };
  const codes: string[] = [];
  for (let i = 0; i <= RATE_LIMITS["mock-answer"].user.max; i++) codes.push(await codeOf(saveMockAnswer({ actor, id: "no-such-interview", slug: "x", text: "answer" })));
  expect(codes.slice(0, -1).every((c) => c === "NOT_FOUND")).toBe(true);
  expect(codes.at(-1)).toBe("RATE_LIMITED");
});

test("admin validation: past the limit RATE_LIMITED before the sandbox runs; another admin is not affected", async () => {
  const admin = (await createUser("admin")) as { id: string; role: "admin" };
  const other = (await createUser("admin")) as { id: string; role: "admin" };
  const { key, rule } = rateLimitKey("admin-validation", { userId: admin.id });
  for (let i = 0; i < rule.max; i++) await consumeRateLimit(key, rule);
  const question = codingQuestion(`rate-limited-${runId()}`, [{ args: [1, 2], expected: 3, sample: true, weight: 1 }]);
  let thrown: unknown;
  try {
    await validateQuestion({ actor: admin, input: question });
  } catch (error) {
    thrown = error;
  }
  expect(isAppError(thrown) && thrown.code).toBe("RATE_LIMITED");
  expect(isAppError(thrown) && thrown.retryAfterSeconds).toBe(rule.windowSeconds);
  await expect(enforceRateLimit("admin-validation", { userId: other.id })).resolves.toBeUndefined();
});

test("guests are refused outright where only users may act, and keyed by /64 where guests may", () => {
  expect(() => rateLimitKey("concept-answer", { address: "203.0.113.9" })).toThrow();
  expect(rateLimitKey("playground", { address: "2001:db8:1:2::a" }).key).toBe(rateLimitKey("playground", { address: "2001:db8:1:2:ffff::b" }).key);
});
