/**
 * End-to-end suite: real Chromium (Debian /usr/bin/chromium driven by playwright-core) against the
 * production build served exactly as `npm start` serves it, on a private port and a fresh data dir
 * (see global-setup.ts). Run by `npm test` after the main suite, or alone: `npx jest --config tests/e2e/jest.config.js`.
 */
const path = require("node:path");

const root = path.resolve(__dirname, "../..");
const swc = ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript", tsx: true } }, module: { type: "commonjs" } }];

module.exports = {
  rootDir: root,
  // The web attack cases that need the production server live with the rest of the attack suite (ADR 0901).
  roots: ["<rootDir>/tests/e2e", "<rootDir>/tests/adversarial/web"],
  testMatch: ["**/*.e2e.test.ts"],
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": swc },
  moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1" },
  globalSetup: "<rootDir>/tests/e2e/global-setup.ts",
  globalTeardown: "<rootDir>/tests/e2e/global-teardown.ts",
  // One browser, one server: the flows share them in order.
  maxWorkers: 1,
  testTimeout: 180_000,
};
