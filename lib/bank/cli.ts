/**
 * Operators' command line for the question bank (runs the same admin use cases as the web UI, so the same checks,
 * transaction and audit log apply). Uses DATABASE_URL.
 *
 *   npm run bank -- import FILE... [--dry-run] [--as EMAIL] [--prefix SLUG_PREFIX] [--draft]
 *       FILE: a JSON bundle (docs/bank-bundle.schema.json), seed-style Markdown (.md/.markdown/.txt) or a bank
 *       source file (.yaml, the prisma/bank format).
 *       Prints what would be created/updated/unchanged and every problem with its location; without --dry-run,
 *       writes everything in one transaction or nothing (exit 1 on any problem).
 *   npm run bank -- export [--out FILE] [--slug SLUG]... [--as EMAIL]
 *       Writes a JSON bundle of the whole bank (or the given slugs) to FILE or stdout.
 *   npm run bank -- schema [--out FILE]
 *       Prints the bundle's JSON Schema.
 *
 * @example
 *   npm run bank -- import /work/shared/seed/000_4607d0d68e6bde87.txt --dry-run
 *   npm run bank -- export --out backup.json
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { bundleJsonSchema, formatProblem, serializeBundle } from "./bundle";

const USAGE = `usage:
  npm run bank -- import FILE... [--dry-run] [--as EMAIL] [--prefix SLUG_PREFIX] [--draft]
  npm run bank -- export [--out FILE] [--slug SLUG]... [--as EMAIL]
  npm run bank -- schema [--out FILE]`;

function write(out: string | undefined, text: string): void {
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false },
      as: { type: "string" },
      prefix: { type: "string" },
      draft: { type: "boolean", default: false },
      out: { type: "string" },
      slug: { type: "string", multiple: true },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...files] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === "schema") {
    write(values.out, `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`);
    return 0;
  }
  // Loaded only for commands that need the database.
  const { findOperatorAdmin } = await import("@/lib/use-cases/admin/find-operator-admin");
  const { disconnectPrisma } = await import("@/lib/db/client");
  try {
    const actor = await findOperatorAdmin({ email: values.as });
    if (command === "export") {
      const { exportBank } = await import("@/lib/use-cases/admin/export-bank");
      const bundle = await exportBank({ actor, slugs: values.slug });
      write(values.out, serializeBundle(bundle));
      console.error(`exported ${bundle.questions.length} question(s)${values.out ? ` to ${values.out}` : ""} as ${actor.email}`);
      return 0;
    }
    if (command === "import") {
      if (files.length === 0) {
        console.error(USAGE);
        return 2;
      }
      const { applyImport, previewImport } = await import("@/lib/use-cases/admin/import-bank");
      const inputs = files.map((file) => ({ name: path.basename(file), text: fs.readFileSync(file, "utf8") }));
      const options = { markdown: { slugPrefix: values.prefix, conceptStatus: values.draft ? ("draft" as const) : ("published" as const) } };
      const report = values["dry-run"] ? await previewImport({ actor, files: inputs, options }) : await applyImport({ actor, files: inputs, options });
      for (const item of report.items) {
        console.log(`${item.action.padEnd(9)} ${item.slug} (${item.kind}, ${item.status})${item.restoresDeleted ? " [restores deleted]" : ""}${item.changes.length && item.action === "update" ? `: ${item.changes.join(", ")}` : ""}`);
      }
      for (const problem of report.problems) console.error(`problem  ${formatProblem(problem)}`);
      if (report.problems.length) {
        console.error(`${report.problems.length} problem(s): nothing was imported.`);
        return 1;
      }
      console.log(values["dry-run"] ? "dry run: nothing written." : `imported as ${actor.email}: ${report.items.filter((i) => i.action !== "unchanged").length} question(s) written in one transaction.`);
      return 0;
    }
    console.error(`unknown command "${command}"\n${USAGE}`);
    return 2;
  } finally {
    await disconnectPrisma();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
