/**
 * GET /admin/import/template → a seed-style Markdown file to start an import from (lib/bank/seed-markdown-template.ts).
 * Admins only (withAdmin answers 401/403).
 */
import { withAdmin } from "@/lib/auth/guards";
import { SEED_MARKDOWN_TEMPLATE } from "@/lib/bank/seed-markdown-template";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async () => {
  return new Response(SEED_MARKDOWN_TEMPLATE, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": 'attachment; filename="clockwise-import-template.md"',
      "cache-control": "no-store",
    },
  });
});
