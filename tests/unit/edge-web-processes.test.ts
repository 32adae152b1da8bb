/** CLOCKWISE_WEB_PROCESSES: how many web server processes share the port (lib/ops/web-server.ts). */
import os from "node:os";
import { EnvError, loadEnv, MAX_WEB_PROCESSES } from "@/lib/config/env";

test("defaults to one process per available core, at most MAX_WEB_PROCESSES", () => {
  expect(loadEnv({}).CLOCKWISE_WEB_PROCESSES).toBe(Math.min(MAX_WEB_PROCESSES, os.availableParallelism()));
  expect(loadEnv({ CLOCKWISE_WEB_PROCESSES: " " }).CLOCKWISE_WEB_PROCESSES).toBe(Math.min(MAX_WEB_PROCESSES, os.availableParallelism()));
});

test.each([["1", 1], ["2", 2], ["16", 16]])("accepts %p", (value, expected) => {
  expect(loadEnv({ CLOCKWISE_WEB_PROCESSES: value }).CLOCKWISE_WEB_PROCESSES).toBe(expected);
});

test.each(["0", "17", "1.5", "two", "-1"])("refuses %p, naming the variable", (value) => {
  expect(() => loadEnv({ CLOCKWISE_WEB_PROCESSES: value })).toThrow(EnvError);
  try {
    loadEnv({ CLOCKWISE_WEB_PROCESSES: value });
  } catch (error) {
    expect((error as EnvError).issues).toEqual([{ variable: "CLOCKWISE_WEB_PROCESSES", message: `expected an integer between 1 and 16, got ${JSON.stringify(value)}` }]);
  }
});
