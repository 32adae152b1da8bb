/**
 * What a browser does against the app, as plain fetch calls: sign up (better-auth, with the Origin header its
 * CSRF check wants), submit, and follow a submission until its verdict. Each call reports status and latency.
 *
 * @example
 *   const user = await signUp("http://127.0.0.1:3200", "u1");
 *   const sent = await submit(user, { questionSlug: "semantic-vector", language: "python", code, mode: "submit" });
 *   const final = await waitForVerdict(user, sent.id!, 120_000);
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ROOT, sleep } from "./app";

export interface Session {
  baseUrl: string;
  email: string;
  cookie: string;
}

export interface Timed<T> {
  status: number; // 0 when the request failed without an HTTP answer
  ms: number;
  body?: T;
  error?: string;
  /** The edge answered from its guest page cache (x-clockwise-page-cache: hit, lib/web/guest-page-cache.ts). */
  cached?: boolean;
}

export const CORRECT_PYTHON = fs.readFileSync(path.join(ROOT, "tests/grader/solutions/semantic-vector/correct.py"), "utf8");

export async function timedFetch<T = unknown>(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Timed<T>> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 30_000) });
    const text = await res.text();
    let body: T | undefined;
    if ((res.headers.get("content-type") ?? "").includes("json")) {
      try {
        body = JSON.parse(text) as T;
      } catch {
        /* not JSON after all */
      }
    }
    return { status: res.status, ms: performance.now() - started, body, cached: res.headers.get("x-clockwise-page-cache") === "hit", ...(res.headers.getSetCookie ? { cookies: res.headers.getSetCookie() } : {}) } as Timed<T>;
  } catch (error) {
    return { status: 0, ms: performance.now() - started, error: (error as Error).message };
  }
}

/** Creates an account and returns its session cookie (autoSignIn). Throws with the answer when refused. */
export async function signUp(baseUrl: string, name: string): Promise<Session> {
  const email = `${name}-${randomBytes(4).toString("hex")}@load.test`;
  const res = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password: `pw-${randomBytes(8).toString("hex")}`, name }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sign-up of ${email} answered ${res.status}: ${text.slice(0, 200)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!cookie) throw new Error(`sign-up of ${email} set no cookie`);
  return { baseUrl, email, cookie };
}

export async function submit(session: Session, input: Record<string, unknown>): Promise<Timed<{ id?: string; error?: string }> & { id?: string }> {
  const res = await timedFetch<{ id?: string; error?: string }>(`${session.baseUrl}/api/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: session.baseUrl, cookie: session.cookie },
    body: JSON.stringify(input),
  });
  return { ...res, id: res.status === 201 ? res.body?.id : undefined };
}

export interface SubmissionState {
  status: string;
  verdict: string | null;
  attempts: number;
  createdAt: string;
  finishedAt: string | null;
}

export const isFinal = (s: SubmissionState | undefined) => s?.status === "done" || s?.status === "failed";

export async function getSubmission(session: Session, id: string): Promise<Timed<SubmissionState>> {
  return timedFetch<SubmissionState>(`${session.baseUrl}/api/submissions/${id}`, { headers: { cookie: session.cookie } });
}

/** Polls GET /api/submissions/:id every `everyMs` until final or `deadline` (epoch ms); null when not final. */
export async function waitForVerdict(session: Session, id: string, deadline: number, everyMs = 500, onAnswer?: (r: Timed<SubmissionState>) => void): Promise<SubmissionState | null> {
  while (Date.now() < deadline) {
    const res = await getSubmission(session, id);
    onAnswer?.(res);
    if (res.status === 200 && isFinal(res.body)) return res.body!;
    await sleep(everyMs);
  }
  return null;
}
