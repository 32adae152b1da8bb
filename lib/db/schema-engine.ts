/**
 * The only module that touches Prisma's WebAssembly schema engine (`@prisma/schema-engine-wasm`, an internal API
 * pinned to the exact prisma version). The Prisma CLI's migrate commands need a native engine binary that cannot
 * be downloaded offline; the wasm engine, driven through the pg driver adapter, does the same work and writes the
 * same `_prisma_migrations` table. See docs/adr/0401-offline-migrations.md.
 *
 * Safety: the shadow database used by `diff` is created here under a random `clockwise_shadow_*` name and reached
 * through separate host/port/user/database fields (adapter-pg's own shadow handling reuses a connection string and
 * would connect to the main database). It is dropped after its pool has closed.
 *
 * @example
 *   const sql = await withSchemaEngine({ databaseUrl, schema }, (engine) => engine.diff({...}));
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlQueryable, SqlResultSet } from "@prisma/driver-adapter-utils";
import type { SchemaEngine as WasmSchemaEngine } from "@prisma/schema-engine-wasm";
import { PROJECT_ROOT as PACKAGE_ROOT } from "./project-root";

export type SchemaEngine = WasmSchemaEngine;

/**
 * adapter-pg maps column types by OID and refuses Postgres's internal catalog types, which the engine reads when it
 * describes a schema. The single-byte `"char"` (pg_class.relkind, pg_constraint.contype, …) must reach the engine as
 * a Character column; the other catalog types are plain text to it.
 */
const CHAR_OID = 18;
const CATALOG_TEXT_OIDS = new Set([
  22, // int2vector
  24, // regproc
  30, // oidvector
  194, // pg_node_tree
  1033, // aclitem
  2205, // regclass
  2206, // regtype
]);
const TEXT_OID = 25;
/** Appended to a "char" column's name by the client and removed again by the adapter wrapper. */
const CHAR_MARKER = "\u0000clockwise-char";
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils

type QueryResultLike = { fields?: Array<{ dataTypeID: number; name: string }> };

function relabelCatalogTypes<T>(result: T): T {
  const fields = (result as QueryResultLike | undefined)?.fields;
  if (!fields) return result;
  for (const field of fields) {
    if (field.dataTypeID === CHAR_OID) {
      field.dataTypeID = TEXT_OID;
      field.name += CHAR_MARKER;
    } else if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) {
      field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/** A pg.Client whose results report Postgres catalog types as text, so adapter-pg accepts catalog queries. */
class CatalogTolerantClient extends pg.Client {
  // pg's query() has many overloads; the engine only uses the promise form.
  query(...args: unknown[]): any {
    // pg-pool calls the callback form; direct users get a promise.
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as (error: unknown, result: unknown) => void;
      args[last] = (error: unknown, result: unknown) => callback(error, error ? result : relabelCatalogTypes(result));
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out && typeof (out as Promise<unknown>).then === "function") {
      return (out as Promise<unknown>).then(relabelCatalogTypes);
    }
    return out;
  }
}

/** Turn the client's "char" markers back into Character columns, on the adapter and its transactions. */
function restoreCharColumns<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    result.columnNames.forEach((name, i) => {
      if (name.endsWith(CHAR_MARKER)) {
        result.columnNames[i] = name.slice(0, -CHAR_MARKER.length);
        result.columnTypes[i] = CHARACTER_COLUMN as SqlResultSet["columnTypes"][number];
      }
    });
    return result;
  };
  const withTransactions = queryable as unknown as Partial<Pick<SqlDriverAdapter, "startTransaction">>;
  const startTransaction = withTransactions.startTransaction?.bind(queryable);
  if (startTransaction) {
    withTransactions.startTransaction = async (isolationLevel) => restoreCharColumns(await startTransaction(isolationLevel));
  }
  return queryable;
}

export interface ServerAddress {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Split a postgres URL into explicit fields (never hand a connection string to a shadow pool). */
export function parseDatabaseUrl(databaseUrl: string): ServerAddress {
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(`not a postgres URL: ${url.protocol}//…`);
  }
  return {
    host: url.hostname || "localhost",
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || "postgres"),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
  };
}

/** Timers armed by the engine; cleared when no engine is running any more. */
const engineTimers = new Set<ReturnType<typeof setTimeout>>();
let runningEngines = 0;

type WasmGlue = typeof import("@prisma/schema-engine-wasm") & { __wbg_set_wasm(exports: unknown): void };
let wasmGlue: Promise<WasmGlue> | null = null;

/**
 * The glue is a small ES module whose only syntax beyond plain functions is `export function` / `export class`.
 * Node's require(esm) loads it in tsx, Next and plain Node; Jest's CommonJS registry cannot, so there the source
 * is evaluated as a function body that returns its exports (same code, no transform step).
 */
function requireGlue(gluePath: string): WasmGlue {
  const nodeModule = process.getBuiltinModule?.("node:module") as typeof import("node:module") | undefined;
  try {
    if (nodeModule) return nodeModule.createRequire(gluePath)(gluePath) as WasmGlue;
  } catch {
    // Jest: fall through to evaluating the source.
  }
  const source = fs.readFileSync(gluePath, "utf8");
  const names: string[] = [];
  const body = source.replace(/^export (function|class) ([A-Za-z0-9_$]+)/gm, (_match, keyword: string, name: string) => {
    names.push(name);
    return `${keyword} ${name}`;
  });
  if (/^\s*(import|export)\b/m.test(body)) throw new Error(`unexpected module syntax in ${gluePath}; update lib/db/schema-engine.ts`);
  return new Function(`${body}\nreturn { ${names.join(", ")} };`)() as WasmGlue;
}

/** Instantiate the wasm schema engine by hand (once per process). */
function loadWasmGlue(): Promise<WasmGlue> {
  wasmGlue ??= (async () => {
    const packageDir = path.join(PACKAGE_ROOT, "node_modules", "@prisma", "schema-engine-wasm");
    const glue = requireGlue(path.join(packageDir, "schema_engine_bg.js"));
    const bytes = fs.readFileSync(path.join(packageDir, "schema_engine_bg.wasm"));
    const imports: Record<string, unknown> = { ...glue };
    // The engine arms timeouts it never cancels (~10 s); they would keep the process alive after the work.
    for (const name of Object.keys(imports)) {
      if (name.startsWith("__wbg_setTimeout_")) {
        imports[name] = (callback: () => void, ms: number) => {
          const timer = setTimeout(() => {
            engineTimers.delete(timer);
            callback();
          }, ms >>> 0);
          engineTimers.add(timer);
          return timer;
        };
      }
    }
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": imports as WebAssembly.ModuleImports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return glue;
  })();
  return wasmGlue;
}

type Disposable = { dispose(): Promise<void> };

/**
 * Run `work` with a schema engine connected to `databaseUrl`, then close every pool and drop any shadow database.
 *
 * @example
 *   await withSchemaEngine({ databaseUrl, schema: { path, text } }, (e) => e.applyMigrations({...}));
 */
export async function withSchemaEngine<T>(
  options: { databaseUrl: string; schema: { path: string; text: string }; log?: (line: string) => void },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadWasmGlue();
  const main = parseDatabaseUrl(options.databaseUrl);
  const openAdapters: Disposable[] = [];
  const shadowDatabases: string[] = [];

  const mainFactory = new PrismaPg({ ...main, Client: CatalogTolerantClient } as pg.PoolConfig);
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: "postgres",
    adapterName: mainFactory.adapterName,
    async connect() {
      const adapter = restoreCharColumns(await mainFactory.connect());
      openAdapters.push(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      const shadowName = `clockwise_shadow_${randomBytes(6).toString("hex")}`;
      if (shadowName === main.database) throw new Error("refusing to use the main database as shadow");
      await runOnServer(main, `CREATE DATABASE "${shadowName}"`);
      shadowDatabases.push(shadowName);
      const shadowFactory = new PrismaPg({ ...main, database: shadowName, Client: CatalogTolerantClient } as pg.PoolConfig);
      const adapter = restoreCharColumns(await shadowFactory.connect());
      const closePool = adapter.dispose.bind(adapter);
      let closed = false;
      // The database can only be dropped once the pool has let go of it.
      adapter.dispose = async () => {
        if (closed) return;
        closed = true;
        await closePool();
        await dropShadowDatabase(main, shadowName);
      };
      openAdapters.push(adapter);
      return adapter;
    },
  });

  const log = options.log ?? (() => {});
  runningEngines += 1;
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels: [[options.schema.path, options.schema.text]] },
      (line: string) => log(line),
      factory,
    );
    return await work(engine);
  } finally {
    try {
      engine?.free();
    } catch {
      // already freed by the engine after an error
    }
    for (const adapter of openAdapters.splice(0)) {
      await adapter.dispose().catch(() => {});
    }
    for (const name of shadowDatabases) await dropShadowDatabase(main, name).catch(() => {});
    runningEngines -= 1;
    if (runningEngines === 0) {
      for (const timer of engineTimers) clearTimeout(timer);
      engineTimers.clear();
    }
  }
}

async function runOnServer(address: ServerAddress, sql: string): Promise<void> {
  const client = new pg.Client({ ...address });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function dropShadowDatabase(address: ServerAddress, name: string): Promise<void> {
  if (!/^clockwise_shadow_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  await runOnServer(address, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
