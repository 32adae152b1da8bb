/**
 * better-auth, configured once: email + password accounts stored through Prisma, database sessions, the `role`
 * field (never settable by the client: `input: false`, so a sign-up body with `role: "admin"` is ignored),
 * password hashes with better-auth's scrypt, and sign-in rate limits kept in Postgres (shared by every app
 * process): per client IP (better-auth; the address the edge server recorded) and per account email (ours).
 *
 * Created lazily on first use so importing this module needs neither a database nor a secret (next build).
 *
 * @example
 *   const auth = getAuth();
 *   await auth.api.signUpEmail({ body: { email, password, name } });
 */
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { prisma } from "@/lib/db/client";
import { loadConfig } from "@/lib/config/config";
import { consumeSignInAttempt } from "./sign-in-limit";
import { profileFieldProblem } from "./profile-limits";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const SESSION_DAYS = 7;

/** The app's own origin; a local app is also reachable as localhost / 127.0.0.1 / [::1] on the same port. */
export function trustedOrigins(appUrl: string): string[] {
  const url = new URL(appUrl);
  if (!["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) return [url.origin];
  const port = url.port ? `:${url.port}` : "";
  return ["localhost", "127.0.0.1", "[::1]"].map((host) => `${url.protocol}//${host}${port}`);
}

function createAuth() {
  const env = loadConfig().app;
  const signInPerMinute = env.CLOCKWISE_SIGNIN_RATE_LIMIT;
  return betterAuth({
    appName: "Clockwise",
    baseURL: env.appUrl,
    // BETTER_AUTH_SECRET, or the one persisted in .data/secret (npm start hands it over: updateConfig / child env).
    secret: env.BETTER_AUTH_SECRET,
    trustedOrigins: trustedOrigins(env.appUrl),
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      autoSignIn: true,
    },
    session: { expiresIn: 60 * 60 * 24 * SESSION_DAYS, updateAge: 60 * 60 * 24 },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "candidate", input: false },
        displayName: { type: "string", required: false, input: true },
        locale: { type: "string", required: false, defaultValue: "zh", input: true },
      },
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "rateLimit",
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: signInPerMinute },
        "/sign-up/email": { window: 60, max: signInPerMinute },
      },
    },
    advanced: {
      // The edge server (lib/ops/web-server.ts) replaces X-Forwarded-For with the one address it trusts (the
      // socket's, or the nearest proxy's with CLOCKWISE_TRUST_PROXY) and drops X-Real-IP, so this header is the
      // client address whatever the client sent (lib/auth/client-address.ts).
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
      useSecureCookies: env.appUrl.startsWith("https://"),
      // better-auth turns origin (CSRF) checks off when NODE_ENV=test; keep them on so tests see production behaviour.
      disableOriginCheck: false,
    },
    databaseHooks: {
      user: {
        create: {
          // Defence in depth against mass assignment: whatever reaches the adapter, new users are candidates.
          before: async (user) => ({ data: { ...user, role: "candidate" } }),
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // Before the per-account counter too: a 1 MB "email" would otherwise become a 1 MB RateLimit key.
        if (ctx.path === "/sign-up/email" || ctx.path === "/update-user" || ctx.path === "/sign-in/email") {
          const problem = profileFieldProblem(ctx.body);
          if (problem) throw new APIError("BAD_REQUEST", { message: problem });
        }
        if (ctx.path !== "/sign-in/email") return;
        const email = typeof ctx.body?.email === "string" ? ctx.body.email : "";
        const decision = await consumeSignInAttempt(email, { max: signInPerMinute * 2, windowSeconds: 60 });
        if (!decision.allowed) {
          throw new APIError("TOO_MANY_REQUESTS", { message: "Too many sign-in attempts for this account. Try again later." });
        }
      }),
    },
    telemetry: { enabled: false },
    logger: { level: env.NODE_ENV === "test" ? "error" : "warn" },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { clockwiseAuth?: Auth };

/** The process's better-auth instance (created on first call). */
export function getAuth(): Auth {
  globalForAuth.clockwiseAuth ??= createAuth();
  return globalForAuth.clockwiseAuth;
}
