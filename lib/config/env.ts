/**
 * Environment variables, parsed once at start-up with zod. A bad value stops the start with one message that
 * lists every bad variable (never a stack trace), e.g.
 *   Invalid environment:
 *     PORT: expected an integer between 1 and 65535, got "abc"
 *     ADMIN_PASSWORD: must be at least 12 characters
 * Empty strings count as unset. Secrets are never echoed back in messages.
 *
 * @example
 *   const env = loadEnv();          // throws EnvError
 *   env.PORT;                       // 3000
 *   const secret = ensureAuthSecret(process.cwd()); // BETTER_AUTH_SECRET or .data/secret (created once)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
  } catch {
    return false;
  }
}, "must be a postgres URL like postgresql://user:password@host:5432/database");

const httpUrl = z.string().refine((value) => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, "must be an http(s) URL like http://localhost:3000");

const port = (fallback: number) =>
  z.preprocess(
    (value) => (value === undefined || (typeof value === "string" && value.trim() === "") ? fallback : value),
    z.coerce
      .number({ message: "expected an integer between 1 and 65535" })
      .int("expected an integer between 1 and 65535")
      .min(1, "expected an integer between 1 and 65535")
      .max(65535, "expected an integer between 1 and 65535"),
  );

const positiveInt = (fallback: number, what: string) =>
  z.preprocess(
    (value) => (value === undefined || (typeof value === "string" && value.trim() === "") ? fallback : value),
    z.coerce.number({ message: `expected ${what}` }).int(`expected ${what}`).positive(`expected ${what}`),
  );

const flag = (fallback: boolean) =>
  z.preprocess(
    (value) => (value === undefined || (typeof value === "string" && value.trim() === "") ? String(fallback) : value),
    z
      .string()
      .transform((v) => v.trim().toLowerCase())
      .refine((v) => ["1", "0", "true", "false", "yes", "no"].includes(v), "expected true/false (or 1/0)")
      .transform((v) => v === "1" || v === "true" || v === "yes"),
  );

/** Upper bound of CLOCKWISE_WEB_PROCESSES: each process holds its own database pool and engine sessions. */
export const MAX_WEB_PROCESSES = 16;

/** Default number of web server processes: one per core the OS lets us use, at most MAX_WEB_PROCESSES. */
export function defaultWebProcesses(): number {
  return Math.min(MAX_WEB_PROCESSES, Math.max(1, os.availableParallelism()));
}

export const ADMIN_PASSWORD_MIN_LENGTH = 12;
export const AUTH_SECRET_MIN_LENGTH = 32;

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** External PostgreSQL. Unset: `npm start` runs an embedded server with data in .data/postgres. */
  DATABASE_URL: optional(postgresUrl),
  PORT: port(3000),
  /** Signs session cookies. Unset: generated once and kept in .data/secret (see ensureAuthSecret). */
  BETTER_AUTH_SECRET: optional(
    z.string().min(AUTH_SECRET_MIN_LENGTH, `must be at least ${AUTH_SECRET_MIN_LENGTH} characters (use: openssl rand -base64 48)`),
  ),
  /** The public URL of the app (cookies, redirects). Default http://localhost:PORT. */
  BETTER_AUTH_URL: optional(httpUrl),
  APP_URL: optional(httpUrl),
  /** First start creates this admin; without ADMIN_PASSWORD a one-time password is generated and printed. */
  ADMIN_EMAIL: optional(z.string().trim().toLowerCase().email("must be an email address")),
  ADMIN_PASSWORD: optional(
    z.string().min(ADMIN_PASSWORD_MIN_LENGTH, `must be at least ${ADMIN_PASSWORD_MIN_LENGTH} characters`).max(128, "must be at most 128 characters"),
  ),
  /** Port of the embedded PostgreSQL (when DATABASE_URL is unset); a free one is used if taken. */
  CLOCKWISE_EMBEDDED_PG_PORT: port(5433),
  CLOCKWISE_DATA_DIR: optional(z.string().min(1)),
  CLOCKWISE_DB_POOL_SIZE: positiveInt(10, "a positive integer"),
  /** Trust X-Forwarded-For for client IPs (rate limits). Only behind a reverse proxy that sets it. */
  CLOCKWISE_TRUST_PROXY: flag(false),
  /** Sign-in attempts allowed per IP per minute. */
  CLOCKWISE_SIGNIN_RATE_LIMIT: positiveInt(5, "a positive integer"),
  /** Web server processes sharing PORT (node:cluster, lib/ops/web-server.ts). Default: one per core, at most 16. */
  CLOCKWISE_WEB_PROCESSES: z.preprocess(
    (value) => (value === undefined || (typeof value === "string" && value.trim() === "") ? defaultWebProcesses() : value),
    z.coerce
      .number({ message: `expected an integer between 1 and ${MAX_WEB_PROCESSES}` })
      .int(`expected an integer between 1 and ${MAX_WEB_PROCESSES}`)
      .min(1, `expected an integer between 1 and ${MAX_WEB_PROCESSES}`)
      .max(MAX_WEB_PROCESSES, `expected an integer between 1 and ${MAX_WEB_PROCESSES}`),
  ),
});

export type Env = z.infer<typeof EnvSchema> & { appUrl: string };

export interface EnvIssue {
  variable: string;
  message: string;
}

export class EnvError extends Error {
  readonly issues: EnvIssue[];
  constructor(issues: EnvIssue[]) {
    super(`Invalid environment:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n")}`);
    this.name = "EnvError";
    this.issues = issues;
  }
}

const SECRET_VARIABLES = new Set(["BETTER_AUTH_SECRET", "ADMIN_PASSWORD", "DATABASE_URL"]);

/**
 * Parse and check the environment. Throws EnvError naming every bad variable.
 *
 * @example
 *   loadEnv({ PORT: "8080" }).PORT === 8080
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const known = Object.keys(EnvSchema.shape);
  const input = Object.fromEntries(known.map((key) => [key, source[key]]));
  const result = EnvSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? "(environment)");
      const raw = source[variable];
      const shown = raw !== undefined && !SECRET_VARIABLES.has(variable) ? `, got ${JSON.stringify(raw)}` : "";
      return { variable, message: `${issue.message}${shown}` };
    });
    throw new EnvError(issues);
  }
  const env = result.data;
  const appUrl = (env.BETTER_AUTH_URL ?? env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  return { ...env, appUrl };
}

/** Where local state lives (.data by default): the embedded database, the generated auth secret. */
export function dataDirectory(root: string, source: Record<string, string | undefined> = process.env): string {
  return path.resolve(root, source.CLOCKWISE_DATA_DIR || ".data");
}

/**
 * BETTER_AUTH_SECRET if set, else the secret persisted in .data/secret (generated on first call, mode 0600), so
 * sessions survive restarts without the operator choosing a secret.
 *
 * @example
 *   process.env.BETTER_AUTH_SECRET = ensureAuthSecret(repoRoot);
 */
export function ensureAuthSecret(root: string, source: Record<string, string | undefined> = process.env): string {
  const configured = source.BETTER_AUTH_SECRET?.trim();
  if (configured) {
    if (configured.length < AUTH_SECRET_MIN_LENGTH) {
      throw new EnvError([{ variable: "BETTER_AUTH_SECRET", message: `must be at least ${AUTH_SECRET_MIN_LENGTH} characters` }]);
    }
    return configured;
  }
  const dir = dataDirectory(root, source);
  const file = path.join(dir, "secret");
  try {
    const stored = fs.readFileSync(file, "utf8").trim();
    if (stored.length >= AUTH_SECRET_MIN_LENGTH) return stored;
  } catch {
    // first start: generate below
  }
  fs.mkdirSync(dir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
