import { PLAYGROUND_GUEST_LIMIT, PLAYGROUND_USER_LIMIT, playgroundLimit } from "@/app/playground/guest-rate-limit";

describe("playgroundLimit", () => {
  it("counts signed-in users by id and guests by address, each with its own rule", () => {
    expect(playgroundLimit({ id: "u1" }, "203.0.113.9")).toEqual({ key: "playground-user|u1", rule: PLAYGROUND_USER_LIMIT });
    expect(playgroundLimit(null, "203.0.113.9")).toEqual({ key: "playground-ip|203.0.113.9", rule: PLAYGROUND_GUEST_LIMIT });
    expect(PLAYGROUND_GUEST_LIMIT).toEqual({ max: 20, windowSeconds: 60 });
    expect(PLAYGROUND_USER_LIMIT).toEqual({ max: 60, windowSeconds: 60 });
  });

  it("puts the guests of one IPv6 /64 into one bucket", () => {
    expect(playgroundLimit(null, "2001:db8:1:2::a").key).toBe(playgroundLimit(null, "2001:db8:1:2:ffff::b").key);
    expect(playgroundLimit(null, "2001:db8:1:3::a").key).not.toBe(playgroundLimit(null, "2001:db8:1:2::a").key);
  });
});
