import { MESSAGES, translate, type MessageKey } from "@/lib/i18n/messages";
import { translatePlural } from "@/lib/i18n/plural";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("UI messages", () => {
  const keys = Object.keys(MESSAGES.en) as MessageKey[];

  it("has the same keys in both languages", () => {
    expect(Object.keys(MESSAGES.zh).sort()).toEqual([...keys].sort());
  });

  it.each(keys)("%s is non-empty and uses the same placeholders in zh and en", (key) => {
    expect(MESSAGES.en[key].trim()).not.toBe("");
    expect(MESSAGES.zh[key].trim()).not.toBe("");
    expect(placeholders(MESSAGES.zh[key])).toEqual(placeholders(MESSAGES.en[key]));
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("en", "chart.ratio", { stage: "post-processing", ratio: "4.1" })).toBe("your post-processing took 4.1× the reference");
    expect(translate("zh", "results.passed", { passed: 3 })).toBe("通过 3/{total} 个测试");
  });
});

test.each([
  { locale: "en" as const, n: 1, expected: "1 question" },
  { locale: "en" as const, n: 2, expected: "2 questions" },
  { locale: "en" as const, n: 0, expected: "0 questions" },
  { locale: "zh" as const, n: 1, expected: "共 1 题" },
])("the bank count is plural-aware: $locale $n → $expected", ({ locale, n, expected }) => {
  expect(translatePlural(locale, "questions.count", n)).toBe(expected);
});

test("engine calls and tokens of a test result are plural-aware", () => {
  expect(translatePlural("en", "results.engineCalls", 1)).toBe("1 engine call");
  expect(translatePlural("en", "results.tokens", 1)).toBe("1 token");
  expect(translatePlural("en", "results.tokens", 7)).toBe("7 tokens");
});
