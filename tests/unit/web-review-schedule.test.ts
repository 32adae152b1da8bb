import { reviewStreak, scheduleReview } from "@/lib/use-cases/review/fsrs-schedule";

const T0 = new Date("2026-01-01T00:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;

describe("scheduleReview (FSRS, fuzz off)", () => {
  it("schedules a new card rated good into learning, 10 minutes out", () => {
    const { card, log } = scheduleReview(null, "good", T0);
    expect(card.state).toBe("learning");
    expect(card.due.getTime() - T0.getTime()).toBe(10 * MINUTE);
    expect(card.reps).toBe(1);
    expect(log.rating).toBe(3);
    expect(log.state).toBe("new");
  });

  it("graduates an easy first answer straight to review, days out", () => {
    const { card } = scheduleReview(null, "easy", T0);
    expect(card.state).toBe("review");
    expect(card.scheduledDays).toBeGreaterThanOrEqual(1);
    expect(card.due.getTime() - T0.getTime()).toBe(card.scheduledDays * DAY);
  });

  it("orders intervals again < hard < good < easy after a graduated card", () => {
    const first = scheduleReview(null, "easy", T0).card;
    const later = new Date(first.due.getTime());
    const dues = (["again", "hard", "good", "easy"] as const).map((r) => scheduleReview(first, r, later).card.due.getTime());
    expect(dues[0]).toBeLessThan(dues[1]);
    expect(dues[1]).toBeLessThan(dues[2]);
    expect(dues[2]).toBeLessThan(dues[3]);
  });

  it("counts a lapse when a review card is forgotten", () => {
    const first = scheduleReview(null, "easy", T0).card;
    const { card } = scheduleReview(first, "again", first.due);
    expect(card.lapses).toBe(1);
    expect(card.state).toBe("relearning");
  });
});

describe("reviewStreak", () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    { name: "no reviews", times: [], now: "2026-01-03T12:00Z", expected: 0 },
    { name: "today only", times: ["2026-01-03T01:00Z"], now: "2026-01-03T12:00Z", expected: 1 },
    { name: "yesterday and before, none today yet", times: ["2026-01-02T01:00Z", "2026-01-01T23:00Z"], now: "2026-01-03T12:00Z", expected: 2 },
    { name: "a gap breaks it", times: ["2026-01-03T01:00Z", "2026-01-01T01:00Z"], now: "2026-01-03T12:00Z", expected: 1 },
    { name: "two days ago is over", times: ["2026-01-01T01:00Z"], now: "2026-01-03T12:00Z", expected: 0 },
  ])("$name → $expected", ({ times, now, expected }) => {
    expect(reviewStreak(times.map(at), at(now))).toBe(expected);
  });
});
