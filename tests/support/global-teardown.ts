/** Stops what tests/support/global-setup.ts started (embedded server or scratch database). */
import type { TestDatabaseState } from "./global-setup";

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__clockwiseTestDatabase as TestDatabaseState | undefined;
  await state?.stop();
}
