/**
 * Where `npm start` puts the embedded PostgreSQL cluster: in the checkout's .data unless the checkout sits under a
 * directory the postgres user cannot pass (a root-owned private home, mode 700), then in a stable per-checkout place
 * under /var/lib/clockwise (issue 12: `npm start` must work from a fresh clone in /root).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { embeddedClusterDirectory, SHARED_CLUSTER_ROOT } from "@/lib/db/cluster-directory";

let privateHome: string;
let openHome: string;

beforeAll(() => {
  privateHome = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-private-"));
  fs.chmodSync(privateHome, 0o700);
  openHome = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-open-"));
  fs.chmodSync(openHome, 0o755);
});

afterAll(() => {
  fs.rmSync(privateHome, { recursive: true, force: true });
  fs.rmSync(openHome, { recursive: true, force: true });
});

const checkout = (home: string, name = "clockwise") => path.join(home, name);
const preferred = (root: string) => path.join(root, ".data", "postgres");

test.each([
  { name: "as root, an open checkout keeps its own .data/postgres", home: () => openHome, isRoot: true, shared: false },
  { name: "without root, initdb runs as this user: .data/postgres even in a private home", home: () => privateHome, isRoot: false, shared: false },
  { name: "as root in a private home, the cluster moves where the postgres user can reach it", home: () => privateHome, isRoot: true, shared: true },
])("$name", ({ home, isRoot, shared }) => {
  const root = checkout(home());
  const dir = embeddedClusterDirectory(preferred(root), root, isRoot);
  if (!shared) {
    expect(dir).toBe(preferred(root));
    return;
  }
  expect(dir.startsWith(`${SHARED_CLUSTER_ROOT}/clockwise-`)).toBe(true);
  expect(path.basename(dir)).toBe("postgres");
});

test("the shared place is stable per checkout and different between checkouts", () => {
  const a = checkout(privateHome, "clockwise");
  const b = checkout(privateHome, "clockwise-2");
  const c = path.join(privateHome, "elsewhere", "clockwise");
  expect(embeddedClusterDirectory(preferred(a), a, true)).toBe(embeddedClusterDirectory(preferred(a), a, true));
  const dirs = new Set([a, b, c].map((root) => embeddedClusterDirectory(preferred(root), root, true)));
  expect(dirs.size).toBe(3);
});
