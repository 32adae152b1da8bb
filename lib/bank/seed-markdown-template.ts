/**
 * A seed-style Markdown file to start an import from (issue 18.9: an ordinary article was refused with nothing to copy):
 * every construct lib/bank/seed-markdown.ts reads, with a one-line comment saying what each becomes. Importing it
 * unchanged gives drafts (three concept questions and one coding task) that pass the parser; the template test keeps
 * it that way.
 */
export const SEED_MARKDOWN_TEMPLATE = `# LLM 推理与 CPU 时钟周期（导入模板 / import template）

<!-- Every question lands as a DRAFT. Review it in the admin list, then publish. -->
<!-- Numbered headings give stable slugs: "## 3." → <prefix>-3, "#### 4.1.1." → <prefix>-4-1-1. -->

## 3. 推理阶段与 CPU 时钟周期的类比

<!-- A section with a two-column table becomes one concept question; each row is a key point. -->

| CPU | LLM 推理 |
| --- | --- |
| 取指令 | 输入处理 |
| 解码指令 | 前向传播 |
| 执行指令 | 后处理 |

## 4. 面试题

### 4.1. 常见问题

<!-- Each level-4 heading under a group is one concept question; the heading is its title. -->

#### 4.1.1. LLM 推理过程中有哪些关键步骤？

**答案：** LLM 推理主要包括以下步骤：

- 输入处理：分词得到 token id 和 attention mask
- 前向传播：经过嵌入层和多层 Transformer 得到 logits
- 后处理：softmax 得到概率，或采样解码成文本

<!-- List items of the answer become key points: write each as a full phrase (publishing refuses "K", "V", "TODO"). -->

#### 4.1.2. 为什么解码阶段需要 KV cache？

**答案：** 解码时每一步只新增一个 token。

- 缓存之前位置的 key 和 value，避免重复计算
- 每步的前向计算量从整段序列降到一个 token

### 4.2. 算法编程题

<!-- A group whose heading mentions 编程/代码/coding/programming holds coding tasks (always drafts). -->

#### 4.2.1. 实现一个简单的推理过程

**题目描述：** 输入一段文本，返回 Word2Vec 词向量的平均值（L2 归一化）。

**答案：**

\`\`\`python
def llm_inference(text, engine):
    ids = engine.tokenize("word2vec", text)["input_ids"]
    return ids
\`\`\`

<!-- The sample code gives the entry name and parameters; write the reference solutions and tests in the editor. -->
`;
