/**
 * One Jest run for the whole suite. Test files live under tests/:
 *   tests/unit, tests/engine        pure code and the real ONNX models
 *   tests/integration               real PostgreSQL (started by tests/support/global-setup.ts)
 *   tests/grader, tests/adversarial the real bubblewrap sandbox and the real engine
 * The e2e suite (real Chromium) has its own runner config: tests/e2e/jest.config.js.
 */
const swc = ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript", tsx: true }, transform: { react: { runtime: "automatic" } } }, module: { type: "commonjs" } }];

module.exports = {
  rootDir: __dirname,
  testEnvironment: "<rootDir>/tests/support/jest-environment.cjs",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  // *.e2e.test.ts (tests/e2e and the over-the-wire cases of tests/adversarial/web) need the production server:
  // tests/e2e/jest.config.js runs them.
  testPathIgnorePatterns: ["/node_modules/", "/tests/e2e/", "\\.e2e\\.test\\.ts$"],
  transform: { "^.+\\.(t|j)sx?$": swc, "^.+\\.mjs$": swc },
  // The unified/remark/rehype markdown stack is ESM-only; swc turns it into CommonJS like our own files.
  transformIgnorePatterns: [
    "/node_modules/(?!(@prisma/client/runtime|better-auth|@better-auth|@noble|rou3|jose|nanostores|server-only|@ungap/structured-clone|bail|ccount|character-entities[^/]*|comma-separated-tokens|decode-named-character-reference|devlop|entities|(hast|mdast|unist|micromark|remark|rehype)[^/]*|hastscript|html-void-elements|is-plain-obj|longest-streak|lowlight|markdown-table|parse5|property-information|space-separated-tokens|stringify-entities|trim-lines|trough|unified|vfile[^/]*|web-namespaces|zwitch|escape-string-regexp|katex)/)",
  ],
  moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1", "^server-only$": "<rootDir>/tests/support/server-only.cjs" },
  globalSetup: "<rootDir>/tests/support/global-setup.ts",
  globalTeardown: "<rootDir>/tests/support/global-teardown.ts",
  testTimeout: 60000,
  maxWorkers: 2,
};
