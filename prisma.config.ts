/**
 * Prisma 7 CLI configuration (generate, validate, format, db seed). Migrations do NOT go through the CLI here:
 * its native schema engine cannot be downloaded offline, so lib/db/migrate.ts drives the WebAssembly engine
 * (see docs/adr/0401-offline-migrations.md). The CLI needs PRISMA_SCHEMA_ENGINE_BINARY set to a stub.
 */
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/clockwise" },
});
