/**
 * POST /admin/import/bundle  { files: [{ name, text }], slugPrefix?, apply } → ImportReport (preview or applied).
 * A route handler instead of a server action because a bank bundle is larger than the 1 MB every server action is
 * held to, and a server action's body is read and decoded before any of our code runs: here withAdmin decides the
 * caller first (401/403 with the body unread) and only then reads at most MAX_IMPORT_BODY_BYTES (413 past it).
 * previewImport/applyImport check the admin again (ADR 0904).
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { withAdmin } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { applyImport, previewImport } from "@/lib/use-cases/admin/import-bank";

export const dynamic = "force-dynamic";

/** The whole bank is ~0.3 MB today; this leaves room for a bank many times larger. */
export const MAX_IMPORT_BODY_BYTES = 8 * 1024 * 1024;

const Body = z.object({
  files: z.array(z.object({ name: z.string().max(255), text: z.string() })).min(1).max(200),
  slugPrefix: z.string().max(64).optional(),
  apply: z.boolean(),
});

export const POST = withAdmin(
  async (request, { actor }) => {
    let json: unknown;
    try {
      json = await request.json();
    } catch {
      throw new AppError("INVALID_INPUT", "The request body is not JSON.");
    }
    const parsed = Body.safeParse(json);
    if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    const { files, slugPrefix, apply } = parsed.data;
    const options = { markdown: { slugPrefix: slugPrefix || undefined } };
    const report = apply ? await applyImport({ actor, files, options }) : await previewImport({ actor, files, options });
    if (report.applied) {
      revalidatePath("/admin/questions");
      revalidatePath("/questions");
      for (const item of report.items) {
        revalidatePath(`/admin/questions/${item.slug}`);
        revalidatePath(`/questions/${item.slug}`);
      }
    }
    return Response.json(report, { headers: { "cache-control": "no-store" } });
  },
  { maxBodyBytes: MAX_IMPORT_BODY_BYTES },
);
