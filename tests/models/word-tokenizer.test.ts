import { wordTokenize } from "@/lib/engine/word-tokenizer";

describe("wordTokenize (the Word2Vec model's tokenizer)", () => {
  it("segments Chinese with jieba, lower-cases English and drops punctuation", () => {
    expect(wordTokenize("我喜欢吃饭 Hello, world!")).toEqual(["我", "喜欢", "吃饭", "hello", "world"]);
  });

  it("applies NFKC before segmenting (full-width letters and digits become ASCII)", () => {
    expect(wordTokenize("ＡＢＣ１２３ 软件")).toEqual(["abc123", "软件"]);
  });

  it("returns nothing for whitespace, punctuation and symbols only", () => {
    expect(wordTokenize("  ，。！？ ... +-*/ \n\t")).toEqual([]);
    expect(wordTokenize("")).toEqual([]);
  });

  it("splits punctuation inside words the way the corpus was segmented", () => {
    expect(wordTokenize("apt-get install, 安装软件包")).toEqual(["apt", "get", "install", "安装", "软件包"]);
  });
});
