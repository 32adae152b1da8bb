import { FixedWindowLimiter } from "@/app/playground/guest-rate-limit";

describe("FixedWindowLimiter", () => {
  it("allows `limit` requests per window per key, then refuses until the window ends", () => {
    const limiter = new FixedWindowLimiter({ limit: 2, windowMs: 1000 });
    expect([limiter.take("a", 0), limiter.take("a", 10), limiter.take("a", 20)]).toEqual([true, true, false]);
    expect(limiter.take("b", 20)).toBe(true); // keys are independent
    expect(limiter.take("a", 999)).toBe(false);
    expect(limiter.take("a", 1000)).toBe(true); // a new window
  });
});
