/** What the editor pages pass to the client editor besides the question: the limit maxima and the tag choices. */
import type { Actor } from "@/lib/auth/actor";
import { limitMaxima } from "@/lib/use-cases/admin/question-limits";
import { TAG_NAMES } from "@/lib/bank/tags";
import { listTagsInUse } from "@/lib/use-cases/admin/get-admin-question";

export async function editorSupport(actor: Actor): Promise<{ limitMaxima: Record<string, number>; tagOptions: string[] }> {
  const inUse = await listTagsInUse({ actor });
  // Tags in use first (most used first), then the rest of the known tags.
  const tagOptions = [...new Set([...inUse.map((t) => t.tag), ...TAG_NAMES])];
  return { limitMaxima: limitMaxima(), tagOptions };
}
