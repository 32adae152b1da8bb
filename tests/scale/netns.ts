/**
 * Test hosts for the scale-out script: network namespaces this script creates, each joined to the host by its own
 * veth pair with a private /30 (host end 10.231.N.1, namespace end 10.231.N.2). Nothing else is routed: a worker
 * inside reaches only the host end, where the script's PostgreSQL listens. Names carry the script's pid so two
 * runs never collide; remove() deletes the namespaces (and with them the veth pairs).
 *
 * @example
 *   const hosts = createTestHosts(2); // [{ ns: "cwp123-1", hostIp: "10.231.1.1", nsIp: "10.231.1.2" }, …]
 *   removeTestHosts(hosts);
 */
import { execFileSync } from "node:child_process";

export interface TestHost {
  ns: string;
  hostIf: string;
  hostIp: string;
  nsIp: string;
}

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "pipe", "pipe"] }).toString();

export function createTestHosts(count: number): TestHost[] {
  const tag = (process.pid % 100_000).toString(36);
  const used = ip("-4", "addr");
  const hosts: TestHost[] = [];
  try {
    for (let n = 1; n <= count; n++) {
      const host: TestHost = { ns: `cwp${tag}-${n}`, hostIf: `cwp${tag}h${n}`, hostIp: `10.231.${n}.1`, nsIp: `10.231.${n}.2` };
      if (used.includes(`10.231.${n}.`)) throw new Error(`10.231.${n}.0/30 is already in use on this machine; remove it or change the script`);
      const nsIf = `cwp${tag}n${n}`;
      ip("netns", "add", host.ns);
      hosts.push(host);
      ip("link", "add", host.hostIf, "type", "veth", "peer", "name", nsIf);
      ip("link", "set", nsIf, "netns", host.ns);
      ip("addr", "add", `${host.hostIp}/30`, "dev", host.hostIf);
      ip("link", "set", host.hostIf, "up");
      ip("netns", "exec", host.ns, "ip", "addr", "add", `${host.nsIp}/30`, "dev", nsIf);
      ip("netns", "exec", host.ns, "ip", "link", "set", nsIf, "up");
      ip("netns", "exec", host.ns, "ip", "link", "set", "lo", "up");
    }
  } catch (error) {
    removeTestHosts(hosts);
    throw error;
  }
  return hosts;
}

export function removeTestHosts(hosts: TestHost[]): void {
  for (const host of hosts) {
    try {
      ip("netns", "del", host.ns);
    } catch {
      /* already gone */
    }
    try {
      ip("link", "del", host.hostIf);
    } catch {
      /* went with the namespace */
    }
  }
}

/** Why this machine cannot run the scale-out script, or null when it can. */
export function missingPrerequisite(): string | null {
  if (process.getuid?.() !== 0) return "must run as root (it creates network namespaces and veth pairs): sudo npm run scaleout";
  try {
    ip("-V");
  } catch {
    return "iproute2 is missing: apt-get install -y iproute2";
  }
  return null;
}
