/**
 * Text of the account page (password change) and the admin's password reset, in both languages. Kept apart from
 * lib/i18n/messages.ts so this page's strings travel together.
 *
 * @example
 *   accountMessages("zh").title // "账户"
 */
import type { Locale } from "@/lib/bank/schema";

const en = {
  title: "Account",
  nav: "Account",
  signedInAs: "Signed in as {email}.",
  changePassword: "Change password",
  currentPassword: "Current password",
  newPassword: "New password",
  confirmPassword: "New password again",
  signOutOthers: "Sign out my other sessions (other browsers and devices)",
  submit: "Change password",
  working: "Changing…",
  changed: "Your password was changed.",
  changedOthersSignedOut: "Your password was changed and your other sessions were signed out.",
  mismatch: "The two new passwords differ.",
  tooShort: "The new password must be at least {n} characters.",
  wrongPassword: "The current password is not correct.",
  failed: "The password could not be changed. Try again.",
  rateLimited: "Too many attempts. Please try again in a minute.",
};

const zh: typeof en = {
  title: "账户",
  nav: "账户",
  signedInAs: "当前登录：{email}。",
  changePassword: "修改密码",
  currentPassword: "当前密码",
  newPassword: "新密码",
  confirmPassword: "再次输入新密码",
  signOutOthers: "退出我的其他会话（其他浏览器和设备）",
  submit: "修改密码",
  working: "正在修改…",
  changed: "密码已修改。",
  changedOthersSignedOut: "密码已修改，其他会话已退出。",
  mismatch: "两次输入的新密码不一致。",
  tooShort: "新密码至少需要 {n} 个字符。",
  wrongPassword: "当前密码不正确。",
  failed: "无法修改密码，请重试。",
  rateLimited: "尝试次数过多，请一分钟后再试。",
};

export type AccountMessages = typeof en;

export function accountMessages(locale: Locale): AccountMessages {
  return locale === "zh" ? zh : en;
}
