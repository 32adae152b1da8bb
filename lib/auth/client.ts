"use client";
/**
 * The browser's better-auth client: calls /api/auth/* on the same origin with the session cookie. Holds no
 * secrets (the server's BETTER_AUTH_SECRET never leaves the server).
 *
 * @example
 *   await authClient.signIn.email({ email, password });
 *   await authClient.signOut();
 */
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
