import { MESSAGES, translate, type MessageKey } from "@/lib/i18n/messages";

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
