/** GET /admin/bundle-schema.json → the JSON Schema of the import/export bundle (generated from the zod schema). */
import { withAdmin } from "@/lib/auth/guards";
import { bundleJsonSchema } from "@/lib/bank/bundle";

export const GET = withAdmin(async () => Response.json(bundleJsonSchema()));
