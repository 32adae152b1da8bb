import "server-only";
/**
 * The editor's live preview: the same sanitizing renderer as the candidate page, so the preview is exactly what a
 * candidate will see. Admin only (the editor is); bounded like the bank's fields.
 *
 * @example
 *   (await previewMarkdown({ actor, markdown: "**hi** $x^2$" })).html // → "<p><strong>hi</strong> <span class=\"katex\">…"
 */
import type { RenderedMarkdown } from "@/lib/bank/markdown";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { assertAdmin } from "./admin-actor";

export async function previewMarkdown({ actor, markdown }: { actor: Actor; markdown: string }): Promise<RenderedMarkdown> {
  assertAdmin(actor);
  if (typeof markdown !== "string") throw new AppError("INVALID_INPUT", "markdown must be text");
  if (markdown.length > 50_000) throw new AppError("INVALID_INPUT", "Too long to preview (50,000 characters at most).");
  // Loaded on use: the unified/remark stack is ESM-only, and the admin check above must run (and be testable) without it.
  const { renderMarkdown } = await import("@/lib/bank/markdown");
  return renderMarkdown(markdown);
}
