/**
 * Turns a Box's events into one ordered queue the test runner reads with a deadline, so no frame is lost
 * between two tests and every wait has exactly one outcome (a frame, the box's exit, a limit, or a timeout).
 *
 * @example
 *   const events = new BoxEvents(box);
 *   const event = await events.next(2000);   // { kind: "frame", message, bytes } | { kind: "timeout" } | …
 */
import type { Box, BoxExit } from "./sandbox/box";
import { FrameTooLargeError } from "./sandbox/frames";

export type BoxEvent =
  | { kind: "frame"; message: Record<string, unknown>; bytes: number }
  | { kind: "exit"; exit: BoxExit }
  | { kind: "output-limit" }
  | { kind: "protocol-error"; oversized: boolean; detail: string }
  | { kind: "timeout" };

export class BoxEvents {
  private items: BoxEvent[] = [];
  private waiter: ((event: BoxEvent) => void) | undefined;

  constructor(box: Box) {
    box.on("frame", (message: unknown, bytes: number) => {
      if (message && typeof message === "object" && !Array.isArray(message)) {
        this.push({ kind: "frame", message: message as Record<string, unknown>, bytes });
      } else {
        this.push({ kind: "protocol-error", oversized: false, detail: "a frame that is not an object" });
      }
    });
    box.on("exit", (exit: BoxExit) => this.push({ kind: "exit", exit }));
    box.on("output-limit", () => this.push({ kind: "output-limit" }));
    box.on("protocol-error", (error: Error) =>
      this.push({ kind: "protocol-error", oversized: error instanceof FrameTooLargeError, detail: error.message }),
    );
    if (box.exited) this.push({ kind: "exit", exit: box.exited });
  }

  private push(event: BoxEvent): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(event);
    } else {
      this.items.push(event);
    }
  }

  /** The next event, or `{ kind: "timeout" }` after `timeoutMs`. */
  next(timeoutMs: number): Promise<BoxEvent> {
    const queued = this.items.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve({ kind: "timeout" });
      }, Math.max(0, timeoutMs));
      this.waiter = (event) => {
        clearTimeout(timer);
        resolve(event);
      };
    });
  }
}
