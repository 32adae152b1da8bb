/**
 * The migrations folder is the truth for every database: it applies cleanly to an empty database, a second apply
 * is a no-op, and schema.prisma matches it exactly (the drift test: editing schema.prisma without
 * `npm run db:migrate:create -- NAME` makes it fail).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations, diffSchemaAgainstMigrations, listMigrationNames, migrationStatus, SCHEMA_PATH } from "@/lib/db/migrate";
import { checkDatabase } from "@/lib/db/health";
import { createScratchDatabase } from "../support/scratch-database";

const serverUrl = process.env.DATABASE_URL!;

async function withScratchDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const scratch = await createScratchDatabase(serverUrl, "clockwise_mig");
  try {
    return await work(scratch.url);
  } finally {
    await scratch.drop();
  }
}

async function databaseNames(): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query("SELECT datname FROM pg_database")).rows.map((r) => r.datname as string);
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  test("apply to an empty database, record every migration, and a second apply does nothing", async () => {
    await withScratchDatabase(async (url) => {
      expect(await migrationStatus(url)).toEqual({ applied: [], pending: listMigrationNames() });
      const first = await applyMigrations(url);
      expect(first.applied).toEqual(listMigrationNames());
      expect(first.applied[0]).toBe("0001_init");
      const second = await applyMigrations(url);
      expect(second.applied).toEqual([]);
      expect(await migrationStatus(url)).toEqual({ applied: listMigrationNames(), pending: [] });

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const ext = await client.query("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'");
      const index = await client.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'Question_searchText_trgm_idx'");
      await client.end();
      expect(ext.rowCount).toBe(1);
      expect(index.rows[0].indexdef).toContain("gin_trgm_ops");
    });
  });

  test("schema.prisma matches the migrations (no drift), and the shadow database is dropped", async () => {
    const before = await databaseNames();
    expect(await diffSchemaAgainstMigrations()).toBe("");
    const after = await databaseNames();
    expect(after.filter((n) => n.startsWith("clockwise_shadow_"))).toEqual([]);
    expect(after.sort()).toEqual(before.sort());
  });

  test("a schema change without a migration is reported as drift", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-drift-"));
    const changed = path.join(dir, "schema.prisma");
    fs.writeFileSync(changed, fs.readFileSync(SCHEMA_PATH, "utf8").replace("  displayName   String?", "  displayName   String?\n  nickname      String?"));
    try {
      const sql = await diffSchemaAgainstMigrations({ schemaPath: changed });
      expect(sql).toContain(`ALTER TABLE "User" ADD COLUMN`);
      expect(sql).toContain(`"nickname" TEXT`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("health reports the test database as migrated", async () => {
    const health = await checkDatabase();
    expect(health).toMatchObject({ ok: true, migrations: { applied: listMigrationNames().length, pending: 0 } });
    const broken = await checkDatabase("postgresql://nobody:wrong@127.0.0.1:1/none");
    expect(broken.ok).toBe(false);
    expect(broken.problem).toMatch(/^database unreachable/);
    expect(broken.problem).not.toContain("wrong");
  });
});
