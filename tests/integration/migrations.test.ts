/**
 * The migrations folder is the truth for every database (the grader's tables included): it applies cleanly to an
 * empty database, a second apply is a no-op, and schema.prisma matches it exactly (the drift test: editing
 * schema.prisma without `npm run db:migrate:create -- NAME` makes it fail). The plain SQL runner on the start path
 * writes the same `_prisma_migrations` rows and the same tables as Prisma's schema engine, applies each migration
 * once under concurrent starts, and rolls a failing file back whole.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations, applyMigrationsWithSchemaEngine, diffSchemaAgainstMigrations, listMigrationNames, MIGRATIONS_DIR, migrationStatus, SCHEMA_PATH } from "@/lib/db/migrate";
import { MigrationError } from "@/lib/db/migration-runner";
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

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const MIGRATION_ROWS = `SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished, rolled_back_at, logs
  FROM "_prisma_migrations" ORDER BY migration_name`;
const COLUMNS = `SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
  WHERE table_schema IN ('public', 'grader') ORDER BY 1, 2, 3`;
const INDEXES = `SELECT schemaname, indexname, indexdef FROM pg_indexes WHERE schemaname IN ('public', 'grader') ORDER BY 1, 2`;

/** A copy of the migrations folder plus `extra` migrations, for runs the real folder must not see. */
function migrationsWith(extra: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-migrations-"));
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
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

  test("the SQL runner writes the rows and tables Prisma's schema engine writes", async () => {
    await withScratchDatabase(async (ours) => {
      await withScratchDatabase(async (prismas) => {
        expect((await applyMigrations(ours)).applied).toEqual(listMigrationNames());
        expect((await applyMigrationsWithSchemaEngine(prismas)).applied).toEqual(listMigrationNames());
        const rows = await query(ours, MIGRATION_ROWS);
        expect(rows).toEqual(await query(prismas, MIGRATION_ROWS));
        expect(rows.map((r) => r.applied_steps_count)).toEqual(listMigrationNames().map(() => 1));
        expect(await query(ours, COLUMNS)).toEqual(await query(prismas, COLUMNS));
        expect(await query(ours, INDEXES)).toEqual(await query(prismas, INDEXES));
        // The grader's tables come from a migration too (they used to be created at run time).
        expect(await query(ours, `SELECT to_regclass('grader.worker')::text AS t, to_regclass('grader.test_io')::text AS u, to_regclass('grader.reference_run')::text AS v`)).toEqual([
          { t: "grader.worker", u: "grader.test_io", v: "grader.reference_run" },
        ]);
      });
    });
  });

  test("concurrent starts apply each migration exactly once", async () => {
    await withScratchDatabase(async (url) => {
      const runs = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
      expect(runs.flatMap((r) => r.applied).sort()).toEqual(listMigrationNames());
      expect(await query(url, `SELECT count(*)::int AS n FROM "_prisma_migrations"`)).toEqual([{ n: listMigrationNames().length }]);
    });
  });

  test("a failing migration is rolled back whole, leaves no row, and is applied by the next run once fixed", async () => {
    const dir = migrationsWith({ "9999_broken": `CREATE TABLE "HalfDone" (id int);\nSELECT no_such_function();\n` });
    try {
      await withScratchDatabase(async (url) => {
        const failed = await applyMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e);
        expect(failed).toBeInstanceOf(MigrationError);
        expect((failed as MigrationError).migration).toBe("9999_broken");
        expect(await query(url, `SELECT to_regclass('"HalfDone"')::text AS t`)).toEqual([{ t: null }]);
        expect(await query(url, `SELECT migration_name FROM "_prisma_migrations" WHERE migration_name = '9999_broken'`)).toEqual([]);
        expect((await migrationStatus(url, dir)).pending).toEqual(["9999_broken"]);

        fs.writeFileSync(path.join(dir, "9999_broken", "migration.sql"), `CREATE TABLE "HalfDone" (id int);\n`);
        expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual(["9999_broken"]);
        expect((await migrationStatus(url, dir)).pending).toEqual([]);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a database whose grader tables were created at run time (before 0005) migrates cleanly", async () => {
    const before = listMigrationNames().filter((n) => n < "0005");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-migrations-old-"));
    for (const name of before) fs.cpSync(path.join(MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
    try {
      await withScratchDatabase(async (url) => {
        await applyMigrations(url, { migrationsDir: dir });
        await query(url, `CREATE SCHEMA grader; CREATE TABLE grader.worker (id text PRIMARY KEY, host text NOT NULL, pid int NOT NULL, concurrency int NOT NULL,
          started_at timestamptz NOT NULL DEFAULT now(), seen_at timestamptz NOT NULL DEFAULT now(), stopped_at timestamptz, status jsonb NOT NULL)`);
        await query(url, `INSERT INTO grader.worker (id, host, pid, concurrency, status) VALUES ('w1', 'h', 1, 1, '{}')`);
        expect((await applyMigrations(url)).applied).toEqual(listMigrationNames().filter((n) => n >= "0005"));
        expect(await query(url, `SELECT id FROM grader.worker`)).toEqual([{ id: "w1" }]);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
