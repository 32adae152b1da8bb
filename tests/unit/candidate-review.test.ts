/**
 * The study loop's pure parts (ADR 0604): self-assessment → rating, the interval preview each rating button shows,
 * relative due times and plurals in both languages.
 */
import { previewReview, ratingFromSelfAssessment, scheduleReview, REVIEW_RATINGS } from "@/lib/use-cases/review/fsrs-schedule";
import { formatInterval, formatRelative } from "@/lib/i18n/relative-time";
import { translatePlural } from "@/lib/i18n/plural";
import { planMockInterview } from "@/lib/use-cases/mock/plan-mock-interview";

const T0 = new Date("2026-01-01T00:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;

describe("ratingFromSelfAssessment", () => {
  it.each([
    { marks: ["covered", "covered", "covered"], rating: "easy" },
    { marks: ["covered", "covered", "covered", "partly"], rating: "good" }, // 3.5/4 = 87.5 %
    { marks: ["covered", "covered", "partly", "missed"], rating: "hard" }, // 2.5/4 = 62.5 %
    { marks: ["covered", "partly", "missed", "missed"], rating: "again" }, // 1.5/4 = 37.5 %
    { marks: ["covered", "covered", "covered", "covered", "missed"], rating: "good" }, // 80 %
    { marks: ["partly", "partly"], rating: "hard" }, // 50 %
    { marks: ["missed"], rating: "again" },
    { marks: [], rating: "again" },
  ] as const)("$marks → $rating", ({ marks, rating }) => {
    expect(ratingFromSelfAssessment(marks)).toBe(rating);
  });
});

describe("previewReview (what each button would schedule)", () => {
  it("matches scheduleReview for every rating, for a new and for a reviewed card, and stores nothing", () => {
    for (const card of [null, scheduleReview(null, "easy", T0).card]) {
      const now = card ? card.due : T0;
      const preview = previewReview(card, now);
      for (const r of REVIEW_RATINGS) expect(preview[r].getTime()).toBe(scheduleReview(card, r, now).card.due.getTime());
    }
  });

  it("gives a new card Anki's familiar first steps: again 1m, hard 6m, good 10m, easy days", () => {
    const p = previewReview(null, T0);
    expect(p.again.getTime() - T0.getTime()).toBe(1 * MINUTE);
    expect(p.hard.getTime() - T0.getTime()).toBe(6 * MINUTE);
    expect(p.good.getTime() - T0.getTime()).toBe(10 * MINUTE);
    expect(p.easy.getTime() - T0.getTime()).toBeGreaterThanOrEqual(1 * DAY);
  });
});

describe("relative due times and intervals", () => {
  it.each([
    { ms: 3 * DAY, en: "in 3 days", zh: "3天后" },
    { ms: 1 * DAY, en: "tomorrow", zh: "明天" },
    { ms: 10 * MINUTE, en: "in 10 minutes", zh: "10分钟后" },
    { ms: -2 * 60 * MINUTE, en: "2 hours ago", zh: "2小时前" },
    { ms: 60 * DAY, en: "in 2 months", zh: "2个月后" },
  ])("formatRelative($ms)", ({ ms, en, zh }) => {
    expect(formatRelative(new Date(T0.getTime() + ms), T0, "en")).toBe(en);
    expect(formatRelative(new Date(T0.getTime() + ms), T0, "zh")).toBe(zh);
  });

  it.each([
    { ms: 30_000, en: "<1m", zh: "<1分钟" },
    { ms: 10 * MINUTE, en: "10m", zh: "10分钟" },
    { ms: 3 * 60 * MINUTE, en: "3h", zh: "3小时" },
    { ms: 4 * DAY, en: "4d", zh: "4天" },
    { ms: 61 * DAY, en: "2mo", zh: "2个月" },
  ])("formatInterval($ms)", ({ ms, en, zh }) => {
    expect(formatInterval(ms, "en")).toBe(en);
    expect(formatInterval(ms, "zh")).toBe(zh);
  });
});

describe("translatePlural", () => {
  it.each([
    { n: 0, en: "0 reviews" },
    { n: 1, en: "1 review" },
    { n: 2, en: "2 reviews" },
  ])("en $n → $en (never '1 reviews' or 'day(s)')", ({ n, en }) => {
    expect(translatePlural("en", "review.repsCount", n)).toBe(en);
  });
  it("streak days and due counts", () => {
    expect(translatePlural("en", "review.streakDays", 1)).toBe("Streak: 1 day");
    expect(translatePlural("en", "review.streakDays", 4)).toBe("Streak: 4 days");
    expect(translatePlural("en", "review.dueCount", 1)).toBe("1 card due now");
    expect(translatePlural("zh", "review.streakDays", 1)).toBe("连续复习：1 天");
    expect(translatePlural("zh", "review.dueCount", 3)).toBe("现在有 3 张卡片到期");
  });
});

describe("planMockInterview (time budget)", () => {
  const c = (n: number) => Array.from({ length: n }, (_, i) => ({ questionId: `c${i}`, slug: `c${i}`, kind: "concept" as const, difficulty: (["easy", "medium", "hard"] as const)[i % 3] }));
  const code = [
    { questionId: "h", slug: "hard-task", kind: "coding" as const, difficulty: "hard" as const },
    { questionId: "e", slug: "easy-task", kind: "coding" as const, difficulty: "easy" as const },
  ];
  const minutes = (plan: { minutes: number }[]) => plan.reduce((s, p) => s + p.minutes, 0);

  it.each([
    { total: 10, coding: 0, concept: 2 },
    { total: 20, coding: 1, concept: 2 },
    { total: 30, coding: 1, concept: 4 },
    { total: 45, coding: 2, concept: 3 },
  ])("$total min → $coding coding + $concept concept, within the budget", ({ total, coding, concept }) => {
    const plan = planMockInterview({ minutes: total, concept: c(9), coding: code });
    expect(plan.filter((p) => p.kind === "coding")).toHaveLength(coding);
    expect(plan.filter((p) => p.kind === "concept")).toHaveLength(concept);
    expect(minutes(plan)).toBeLessThanOrEqual(total);
    // concept first, coding last; the easiest coding task is chosen first
    expect(plan.map((p) => p.kind)).toEqual([...Array(concept).fill("concept"), ...Array(coding).fill("coding")]);
    if (coding === 1) expect(plan.at(-1)!.slug).toBe("easy-task");
  });

  it("fits what the topic has: one concept question in 10 minutes, only the exercise when a topic has no concept question", () => {
    expect(planMockInterview({ minutes: 10, concept: c(1), coding: code }).map((p) => p.slug)).toEqual(["c0"]);
    expect(planMockInterview({ minutes: 20, concept: [], coding: code }).map((p) => p.slug)).toEqual(["easy-task"]);
    expect(planMockInterview({ minutes: 20, concept: [], coding: [] })).toEqual([]);
  });
});
