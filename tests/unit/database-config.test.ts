/**
 * lib/db takes its section of the configuration from the entry point (configureDatabase) instead of reading
 * CLOCKWISE_DB_POOL_SIZE from process.env whenever a client is created, and a bad value is refused, not defaulted.
 */
import { configureDatabase, databaseConfig, DEFAULT_DATABASE_CONFIG } from "@/lib/db/database-config";

const KEY = Symbol.for("clockwise.databaseConfig");
afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[KEY];
  delete process.env.CLOCKWISE_DB_POOL_SIZE;
});

test("unconfigured processes (tests, scripts) get the defaults, whatever the environment says", () => {
  process.env.CLOCKWISE_DB_POOL_SIZE = "37";
  expect(databaseConfig()).toEqual(DEFAULT_DATABASE_CONFIG);
});

test("the entry point's section is what every copy of the module sees", () => {
  configureDatabase({ poolSize: 4 });
  expect(databaseConfig()).toEqual({ poolSize: 4 });
  expect((globalThis as Record<symbol, unknown>)[KEY]).toEqual({ poolSize: 4 });
});

test.each([0, -1, 2.5, Number.NaN])("a pool size of %p is refused", (poolSize) => {
  expect(() => configureDatabase({ poolSize })).toThrow(/positive integer/);
});
