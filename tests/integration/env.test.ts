/**
 * Start-up configuration: every bad variable is named in one EnvError, secrets are never echoed, defaults apply,
 * and the generated auth secret is persisted once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EnvError, ensureAuthSecret, loadEnv } from "@/lib/config/env";

function envError(source: Record<string, string>): EnvError {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("loadEnv", () => {
  test("an empty environment gives the defaults", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: undefined,
      CLOCKWISE_EMBEDDED_PG_PORT: 5433,
      CLOCKWISE_TRUST_PROXY: false,
      CLOCKWISE_SIGNIN_RATE_LIMIT: 5,
      appUrl: "http://localhost:3000",
    });
  });

  test.each([
    { name: "port as a number", input: { PORT: "8080" }, expected: { PORT: 8080, appUrl: "http://localhost:8080" } },
    { name: "empty string is unset", input: { PORT: "", DATABASE_URL: " " }, expected: { PORT: 3000, DATABASE_URL: undefined } },
    { name: "postgres URL", input: { DATABASE_URL: "postgresql://u:p@db:5432/app" }, expected: { DATABASE_URL: "postgresql://u:p@db:5432/app" } },
    { name: "public URL wins, trailing slash dropped", input: { BETTER_AUTH_URL: "https://cw.example.com/" }, expected: { appUrl: "https://cw.example.com" } },
    { name: "admin email normalised", input: { ADMIN_EMAIL: " Root@Example.COM " }, expected: { ADMIN_EMAIL: "root@example.com" } },
    { name: "flags", input: { CLOCKWISE_TRUST_PROXY: "yes" }, expected: { CLOCKWISE_TRUST_PROXY: true } },
  ])("$name", ({ input, expected }) => {
    expect(loadEnv(input)).toMatchObject(expected);
  });

  test.each([
    { variable: "PORT", value: "abc", message: /integer between 1 and 65535, got "abc"/ },
    { variable: "PORT", value: "70000", message: /integer between 1 and 65535/ },
    { variable: "PORT", value: "3.5", message: /integer/ },
    { variable: "DATABASE_URL", value: "mysql://x@y/z", message: /must be a postgres URL/ },
    { variable: "DATABASE_URL", value: "not a url", message: /must be a postgres URL/ },
    { variable: "BETTER_AUTH_URL", value: "ftp://x", message: /http\(s\) URL/ },
    { variable: "ADMIN_EMAIL", value: "root", message: /email/ },
    { variable: "ADMIN_PASSWORD", value: "short", message: /at least 12 characters/ },
    { variable: "BETTER_AUTH_SECRET", value: "tooshort", message: /at least 32 characters/ },
    { variable: "CLOCKWISE_TRUST_PROXY", value: "maybe", message: /true\/false/ },
    { variable: "CLOCKWISE_SIGNIN_RATE_LIMIT", value: "0", message: /positive integer/ },
    { variable: "NODE_ENV", value: "staging", message: /./ },
  ])("$variable=$value is rejected", ({ variable, value, message }) => {
    const error = envError({ [variable]: value });
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.variable).toBe(variable);
    expect(error.issues[0]!.message).toMatch(message);
    expect(error.message).toContain(`${variable}: `);
  });

  test("every bad variable is listed at once, and secrets are not echoed", () => {
    const error = envError({ PORT: "x", ADMIN_PASSWORD: "hunter2", DATABASE_URL: "mysql://root:topsecret@h/db" });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(["ADMIN_PASSWORD", "DATABASE_URL", "PORT"]);
    expect(error.message).not.toContain("hunter2");
    expect(error.message).not.toContain("topsecret");
    expect(error.message).toMatch(/^Invalid environment:\n {2}/);
  });
});

describe("ensureAuthSecret", () => {
  test("generates a secret once, persists it privately, and returns the same one later", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-secret-"));
    try {
      const first = ensureAuthSecret(root, {});
      expect(first.length).toBeGreaterThanOrEqual(32);
      const file = path.join(root, ".data", "secret");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(ensureAuthSecret(root, {})).toBe(first);
      const configured = "x".repeat(40);
      expect(ensureAuthSecret(root, { BETTER_AUTH_SECRET: configured })).toBe(configured);
      expect(() => ensureAuthSecret(root, { BETTER_AUTH_SECRET: "short" })).toThrow(EnvError);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
