/**
 * Function words that say nothing about whether a key point was covered. Kept short on purpose: only
 * words frequent enough to inflate lexical overlap between any two sentences of the bank.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  // English
  "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "into",
  "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "there",
  "then", "than", "so", "such", "per", "each", "every", "one", "no", "not", "do", "does", "done", "has", "have",
  "had", "can", "will", "would", "should", "may", "which", "who", "what", "when", "where", "how", "why", "if",
  "we", "you", "they", "he", "she", "i", "our", "your", "their", "them", "us", "also", "only", "just", "more",
  "most", "some", "any", "all", "both", "via", "up", "out", "over", "about", "after", "before", "e.g", "i.e",
  // Chinese
  "的", "了", "和", "与", "及", "或", "是", "在", "把", "被", "对", "从", "到", "将", "就", "也", "都", "而", "并",
  "等", "中", "上", "下", "里", "个", "这", "那", "这个", "那个", "一个", "我们", "你", "我", "他", "它", "其",
  "每", "每个", "为", "以", "由", "得", "地", "着", "会", "要", "可以", "能", "时", "后", "前", "再", "又", "还",
  "没有", "不", "如", "如果", "因为", "所以", "然后", "以及", "通过", "进行", "这样", "一些", "些",
]);
