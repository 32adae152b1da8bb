/**
 * GET /admin/export[?slug=a&slug=b] → the bank (or the selection) as a downloadable JSON bundle. Admins only
 * (withAdmin answers 401/403; exportBank checks again).
 */
import { withAdmin } from "@/lib/auth/guards";
import { exportBank } from "@/lib/use-cases/admin/export-bank";
import { serializeBundle } from "@/lib/bank/bundle";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request, { actor }) => {
  const slugs = new URL(request.url).searchParams.getAll("slug").filter(Boolean);
  const bundle = await exportBank({ actor, slugs: slugs.length ? slugs : undefined });
  const stamp = bundle.exportedAt.replace(/[:.]/g, "-");
  return new Response(serializeBundle(bundle), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="clockwise-bank-${stamp}.json"`,
      "cache-control": "no-store",
    },
  });
});
