/**
 * UI strings in both languages. Question content has its own per-locale fields with fallback; these are
 * only the app's chrome. A missing key is a type error, so the two languages cannot drift apart.
 */
import type { Locale } from "@/lib/bank/schema";

const en = {
  "app.name": "Clockwise",
  "app.tagline": "Interview practice for LLM inference, graded on a real engine",
  "nav.questions": "Questions",
  "nav.review": "Review",
  "nav.progress": "Progress",
  "nav.playground": "Playground",
  "nav.admin": "Admin",
  "nav.signIn": "Sign in",
  "nav.signUp": "Sign up",
  "nav.signOut": "Sign out",
  "nav.language": "中文",
  "questions.title": "Question bank",
  "questions.empty": "No questions match.",
  "questions.count": "{n} questions",
  "questions.kind.concept": "Concept",
  "questions.kind.coding": "Coding",
  "questions.difficulty.easy": "Easy",
  "questions.difficulty.medium": "Medium",
  "questions.difficulty.hard": "Hard",
  "questions.search": "Search questions",
  "questions.col.title": "Title",
  "questions.col.kind": "Kind",
  "questions.col.difficulty": "Difficulty",
  "questions.col.tags": "Topics",
  "questions.prev": "Previous",
  "questions.next": "Next",
  "questions.page": "Page {page} of {pages}",
  "auth.email": "Email",
  "auth.password": "Password",
  "auth.name": "Display name",
  "auth.signIn": "Sign in",
  "auth.signUp": "Create account",
  "auth.noAccount": "No account yet?",
  "auth.haveAccount": "Already have an account?",
  "auth.working": "Working…",
  "auth.failed": "That did not work: {message}",
  "error.title": "Something went wrong",
  "error.notFound": "Not found",
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  "app.name": "Clockwise",
  "app.tagline": "LLM 推理面试练习，在真实推理引擎上评测",
  "nav.questions": "题库",
  "nav.review": "复习",
  "nav.progress": "进度",
  "nav.playground": "引擎试验场",
  "nav.admin": "管理",
  "nav.signIn": "登录",
  "nav.signUp": "注册",
  "nav.signOut": "退出",
  "nav.language": "English",
  "questions.title": "题库",
  "questions.empty": "没有符合条件的题目。",
  "questions.count": "共 {n} 题",
  "questions.kind.concept": "概念题",
  "questions.kind.coding": "编程题",
  "questions.difficulty.easy": "简单",
  "questions.difficulty.medium": "中等",
  "questions.difficulty.hard": "困难",
  "questions.search": "搜索题目",
  "questions.col.title": "标题",
  "questions.col.kind": "类型",
  "questions.col.difficulty": "难度",
  "questions.col.tags": "主题",
  "questions.prev": "上一页",
  "questions.next": "下一页",
  "questions.page": "第 {page} / {pages} 页",
  "auth.email": "邮箱",
  "auth.password": "密码",
  "auth.name": "昵称",
  "auth.signIn": "登录",
  "auth.signUp": "创建账号",
  "auth.noAccount": "还没有账号？",
  "auth.haveAccount": "已有账号？",
  "auth.working": "处理中…",
  "auth.failed": "操作失败：{message}",
  "error.title": "出错了",
  "error.notFound": "未找到",
};

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, zh };

/** Formats a message, replacing `{name}` placeholders. `t("zh", "questions.count", { n: 3 })` → "共 3 题". */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = MESSAGES[locale][key];
  return vars ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : template;
}
