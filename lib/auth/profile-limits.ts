/**
 * Upper bounds on the profile fields a client sends to better-auth (sign-up, update-user, sign-in), which checks
 * none of them: without these a 1 MB name is stored and then rendered in every page header and the admin audit
 * tables. The sign-up form already stops at 60 characters for the name; 254 is the longest valid email address.
 *
 * @example
 *   profileFieldProblem({ name: "Ada" })              // → null
 *   profileFieldProblem({ name: "x".repeat(61) })     // → "name must be at most 60 characters"
 */
export const PROFILE_FIELD_MAX_LENGTH = { name: 60, displayName: 60, email: 254, image: 2048 } as const;

export function profileFieldProblem(body: unknown): string | null {
  if (body === null || typeof body !== "object") return null;
  for (const [field, max] of Object.entries(PROFILE_FIELD_MAX_LENGTH)) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === "string" && value.length > max) return `${field} must be at most ${max} characters`;
  }
  return null;
}
