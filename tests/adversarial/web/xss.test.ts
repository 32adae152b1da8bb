/**
 * Stored XSS through the question bank's markdown (rendered with dangerouslySetInnerHTML on the question page,
 * the concept feedback and the admin preview) and through profile fields. Each payload is rendered by the real
 * renderMarkdown and the HTML is then parsed with parse5 (the HTML5 algorithm a browser uses), so "nothing
 * executable survives" is checked on the tree a browser would build, not with a regex over the string.
 */
import { parse } from "parse5";
import { renderMarkdown } from "@/lib/bank/markdown";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { PASSWORD, authPost, uniqueEmail } from "./support";

type Node = { nodeName: string; tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; content?: Node };

const EXECUTABLE_TAGS = new Set(["script", "iframe", "frame", "object", "embed", "applet", "base", "form", "meta", "link", "style", "template", "foreignobject", "animate", "set", "use", "handler", "noscript", "xmp", "textarea", "button", "input", "select", "option", "portal", "frameset"]);
const URL_ATTRIBUTES = new Set(["href", "src", "xlink:href", "action", "formaction", "data", "srcdoc", "background", "poster", "lowsrc", "dynsrc", "ping", "codebase", "cite"]);

/** Everything in the rendered HTML a browser could run: script-like elements, on* handlers, script URLs, CSS expressions. */
function executableBits(html: string): string[] {
  const found: string[] = [];
  const visit = (node: Node): void => {
    const tag = (node.tagName ?? "").toLowerCase();
    if (tag && EXECUTABLE_TAGS.has(tag)) found.push(`<${tag}>`);
    for (const { name, value } of node.attrs ?? []) {
      const attr = name.toLowerCase();
      const squashed = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
      if (attr.startsWith("on")) found.push(`${tag}[${attr}]`);
      if (URL_ATTRIBUTES.has(attr) && /^(javascript|vbscript|data|livescript):/.test(squashed)) found.push(`${tag}[${attr}=${value}]`);
      if (attr === "style" && /expression\(|url\(|javascript:|@import|behavior:|-moz-binding/.test(squashed)) found.push(`${tag}[style=${value}]`);
      if (attr === "srcdoc" || attr === "formaction") found.push(`${tag}[${attr}]`);
    }
    for (const child of node.childNodes ?? []) visit(child);
    if (node.content) visit(node.content);
  };
  visit(parse(`<!doctype html><body>${html}</body>`) as unknown as Node);
  return found;
}

const PAYLOADS: { name: string; md: string }[] = [
  { name: "script tag", md: "<script>alert(1)</script>" },
  { name: "script split across lines", md: "<scr\nipt>alert(1)</script>" },
  { name: "inline script in a paragraph", md: "hello <script>alert(1)</script> world" },
  { name: "img onerror", md: '<img src=x onerror="alert(1)">' },
  { name: "img onerror without quotes", md: "<img src=x onerror=alert(1)//>" },
  { name: "svg onload", md: "<svg onload=alert(1)>" },
  { name: "svg with script", md: "<svg><script>alert(1)</script></svg>" },
  { name: "svg animate href", md: '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>' },
  { name: "svg use data URL", md: '<svg><use href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"/></svg>' },
  { name: "math with maction href", md: '<math><maction actiontype="statusline" href="javascript:alert(1)">x</maction></math>' },
  { name: "math mglyph namespace confusion", md: "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>" },
  { name: "iframe", md: '<iframe src="https://evil.example"></iframe>' },
  { name: "iframe srcdoc", md: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
  { name: "object data", md: '<object data="javascript:alert(1)"></object>' },
  { name: "embed", md: '<embed src="javascript:alert(1)">' },
  { name: "style tag", md: "<style>body{background:url(javascript:alert(1))}</style>" },
  { name: "style attribute", md: '<p style="background:url(javascript:alert(1))">x</p>' },
  { name: "span style from raw HTML", md: '<span style="position:fixed;top:0;left:0;width:100%;height:100%">phish</span>' },
  { name: "link javascript:", md: "[click](javascript:alert(1))" },
  { name: "link JaVaScRiPt: with entities", md: "[click](JaVaScRiPt&#58;alert(1))" },
  { name: "link with tab in scheme", md: "[click](java\tscript:alert(1))" },
  { name: "link vbscript:", md: "[click](vbscript:msgbox(1))" },
  { name: "link data:text/html", md: "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)" },
  { name: "autolink javascript:", md: "<javascript:alert(1)>" },
  { name: "reference link javascript:", md: "[click][x]\n\n[x]: javascript:alert(1)" },
  { name: "image javascript:", md: "![x](javascript:alert(1))" },
  { name: "image data: svg", md: "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)" },
  { name: "a tag with href", md: '<a href="javascript:alert(1)">x</a>' },
  { name: "form with formaction button", md: '<form><button formaction="javascript:alert(1)">x</button></form>' },
  { name: "meta refresh", md: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
  { name: "base href", md: '<base href="https://evil.example/">' },
  { name: "details ontoggle", md: "<details open ontoggle=alert(1)>" },
  { name: "html comment breakout", md: "<!-- --><script>alert(1)</script> -->" },
  { name: "CDATA trick", md: "<![CDATA[><script>alert(1)</script>]]>" },
  { name: "noscript parsing differential", md: '<noscript><p title="</noscript><img src=x onerror=alert(1)>">' },
  { name: "code span is text", md: "`<script>alert(1)</script>`" },
  { name: "fenced code is text", md: "```html\n<img src=x onerror=alert(1)>\n```" },
  { name: "KaTeX \\href javascript:", md: "$\\href{javascript:alert(1)}{x}$" },
  { name: "KaTeX \\url", md: "$\\url{javascript:alert(1)}$" },
  { name: "KaTeX \\htmlData / \\htmlStyle", md: "$\\htmlStyle{background:url(javascript:alert(1))}{x}\\htmlData{onclick=alert(1)}{y}$" },
  { name: "KaTeX \\includegraphics", md: "$\\includegraphics{javascript:alert(1)}$" },
  { name: "KaTeX display math with raw HTML", md: "$$\n\\text{<img src=x onerror=alert(1)>}\n$$" },
  { name: "GFM table cell with HTML", md: "| a |\n|---|\n| <img src=x onerror=alert(1)> |" },
  { name: "footnote with javascript: link", md: "x[^1]\n\n[^1]: [y](javascript:alert(1))" },
  { name: "id clobbering", md: '<a id="__proto__" name="location">x</a>' },
];

describe("renderMarkdown leaves nothing executable", () => {
  test.each(PAYLOADS)("$name", ({ md }) => {
    const { html } = renderMarkdown(md);
    expect(executableBits(html)).toEqual([]);
  });

  test("the checker finds what it looks for (it is not vacuous)", () => {
    expect(executableBits('<img src=x onerror="alert(1)"><a href=" javascript:alert(1)">x</a><script></script>')).toEqual([
      "img[onerror]",
      'a[href= javascript:alert(1)]',
      "<script>",
    ]);
  });

  test("raw HTML is reported as removed, so an admin preview shows it was dropped", () => {
    expect(renderMarkdown("<script>alert(1)</script>").removed).toEqual(["raw:<script>alert(1)</script>"]);
  });

  test("harmless markdown still renders (the sanitizer is not stripping everything)", () => {
    const { html } = renderMarkdown("**bold** [docs](https://example.com/a) $x^2$");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('href="https://example.com/a"');
    expect(html).toContain('class="katex"');
  });
});

describe("profile fields with HTML are stored as text", () => {
  afterAll(() => disconnectPrisma());

  test.each([
    ["name", '<img src=x onerror="alert(1)">'],
    ["name", "</title><script>alert(1)</script>"],
    ["displayName", "<svg onload=alert(1)>"],
  ])("%s %s is stored byte for byte and answered as JSON", async (field, value) => {
    const email = uniqueEmail("xss-name");
    const response = await authPost("/sign-up/email", { email, password: PASSWORD, name: "n", [field]: value });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await response.json()).user[field]).toBe(value);
    const user = await getPrisma().user.findUniqueOrThrow({ where: { email } });
    expect((user as Record<string, unknown>)[field]).toBe(value);
  });
});
