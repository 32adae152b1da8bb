/**
 * Shared set-up of the web attack suite: real better-auth accounts made through the real /api/auth handler, each
 * from its own client address (so better-auth's per-IP counters of one case never spill into another), requests
 * shaped like a browser's, and the one check every error body must pass (no stack, SQL or file path).
 */
import { randomUUID } from "node:crypto";
import { getAuth } from "@/lib/auth/auth";
import { getPrisma } from "@/lib/db/client";

export const APP = "http://localhost:3000";
export const EVIL = "https://evil.example";
export const PASSWORD = "correct horse battery";
export const noParams = { params: Promise.resolve({}) };

/** A fresh client address in 10.0.0.0/8 for one request or one case. */
export function clientIp(): string {
  const octet = () => Math.floor(Math.random() * 250) + 1;
  return `10.${octet()}.${octet()}.${octet()}`;
}

export const uniqueEmail = (prefix = "web-attack") => `${prefix}-${randomUUID()}@example.test`;

/** POST to better-auth's real handler (what /api/auth/[...all] serves). */
export function authPost(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return getAuth().handler(
    new Request(`${APP}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP, "x-forwarded-for": clientIp(), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

export function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
  if (!cookie) throw new Error(`no session cookie (status ${response.status})`);
  return cookie.split(";")[0]!;
}

export interface Account {
  id: string;
  email: string;
  cookie: string;
}

/** Signs up through the real handler; `role: "admin"` is then set in the database the way an operator would. */
export async function signUp(role: "candidate" | "admin" = "candidate"): Promise<Account> {
  const email = uniqueEmail(role);
  const response = await authPost("/sign-up/email", { email, password: PASSWORD, name: role });
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const cookie = sessionCookie(response);
  const user = await getPrisma().user.update({ where: { email }, data: { role } });
  return { id: user.id, email, cookie };
}

/** Things an error body must never contain: stack frames, source/file paths, SQL, ORM and driver names. */
export const INTERNALS = [
  /\bat .+\(.+:\d+:\d+\)/, // stack frame
  /\n\s+at /,
  /\/(work|home|root|tmp|usr)\//,
  /node_modules/,
  /\.(ts|tsx|js|mjs|cjs):\d+/,
  /\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET)\b/i,
  /prisma|PrismaClient|P20\d\d/i,
  /\bpg\b.*error|postgres|relation ".+"|syntax error at/i,
  /TypeError|ReferenceError|SyntaxError: /,
];

/** The internals a body reveals (empty when it is clean). */
export function leakedInternals(body: string): string[] {
  return INTERNALS.filter((pattern) => pattern.test(body)).map(String);
}

/**
 * The two seed coding questions (tests/pipeline/support.ts). Several test files seed at the same moment in a fresh
 * database; the loser of that race hits the unique slug and, on the second call, finds the winner's rows.
 */
export async function ensureSeedCodingQuestions(): Promise<void> {
  const { seedCodingQuestions } = await import("../../pipeline/support");
  try {
    await seedCodingQuestions();
  } catch {
    await seedCodingQuestions();
  }
}
