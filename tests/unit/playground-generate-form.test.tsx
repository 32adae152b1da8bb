/**
 * The playground's Generate form as first rendered: the decoder models to choose from, the limits the server
 * enforces (lib/use-cases/playground/generate-text.ts), the KV-cache switch on, in both languages.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { GenerateForm } from "@/app/playground/generate-form";
import { GENERATION_LIMITS } from "@/lib/use-cases/playground/generate-text";

describe("GenerateForm", () => {
  const en = renderToStaticMarkup(<GenerateForm locale="en" models={["gpt", "gpt-draft"]} />);

  it("offers the decoder models and the server's limits", () => {
    expect(en).toMatch(/<option value="gpt"[^>]*>gpt<\/option><option value="gpt-draft">gpt-draft<\/option>/);
    expect(en).toContain(`maxLength="${GENERATION_LIMITS.maxPromptChars}"`);
    expect(en).toContain(`max="${GENERATION_LIMITS.maxNewTokens}"`);
    expect(en).toContain(`Max new tokens (1–${GENERATION_LIMITS.maxNewTokens})`);
  });

  it("starts with the KV cache on and no result", () => {
    expect(en).toMatch(/<input type="checkbox" data-testid="generate-cache" checked=""\/> KV cache/);
    expect(en).not.toContain('data-testid="generate-result"');
  });

  it("speaks Chinese", () => {
    const zh = renderToStaticMarkup(<GenerateForm locale="zh" models={["gpt"]} />);
    expect(zh).toContain("KV 缓存");
    expect(zh).toContain("最多生成 token 数");
    expect(zh).toContain("今天天气很好");
  });
});
