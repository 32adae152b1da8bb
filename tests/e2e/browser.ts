/**
 * Debian Chromium through playwright-core (no browser download), with the flags OFFLINE.md lists and a
 * fresh profile. Every request the page makes is recorded so a test can assert none left localhost.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { ROOT } from "./server";

export const SCREENSHOTS = path.join(ROOT, "tests/e2e/screenshots");

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Every URL requested by any page of the context, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Session> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-e2e-chromium-"));
  // A persistent context is how playwright takes a fresh --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1366, height: 900 },
    locale: "zh-CN",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
  const requests: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    requests,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Requests to anything other than this machine (data: and blob: URLs are local by nature). */
export function externalRequests(urls: readonly string[]): string[] {
  return urls.filter((u) => {
    if (u.startsWith("data:") || u.startsWith("blob:") || u.startsWith("about:")) return false;
    try {
      const host = new URL(u).hostname;
      return !(host === "localhost" || host === "127.0.0.1" || host === "[::1]");
    } catch {
      return true;
    }
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
