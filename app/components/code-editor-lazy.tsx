"use client";
/**
 * The code editor as pages use it: a plain read-only view of the code (rendered on the server, so the code is on
 * screen with the statement at first paint), replaced by Monaco once the page is idle after its first paint AND the
 * editor is on screen — or at once when the user reaches for it (pointer, touch, focus, a key in it).
 *
 * Why (issue 17, docs/adr/1107-editor-after-first-paint.md): Monaco is ~0.7 MB gzip of JavaScript whose evaluation and
 * first layout are long main-thread tasks (hundreds of ms on a laptop, seconds on a phone). Loaded with the page it
 * blocked the main thread for 3.3 s on Lighthouse's mobile profile. On a phone the editor is below the statement, so
 * it now loads when the candidate scrolls to it; on a desktop split view it is visible and loads right after the page
 * is idle. Monaco's own module is still loaded by `next/dynamic` with `ssr: false` (it touches `window` at import).
 */
import dynamic from "next/dynamic";
import { useEffect, useLayoutEffect, useRef, useState, type ComponentType } from "react";
import type { CodeEditorProps, EditorHandle } from "./code-editor";

const Monaco: ComponentType<CodeEditorProps> = dynamic(() => import("./code-editor"), { ssr: false, loading: () => null });

/** Set once Monaco has mounted in this page's lifetime: later editors (client navigation) start with it at once. */
let monacoLoaded = false;

/** Calls `fn` when the browser is idle after the load event (the first paint and hydration are done by then). */
function afterLoadWhenIdle(fn: () => void): () => void {
  let cancelled = false;
  let idleId: number | undefined;
  const idle = () => {
    if (cancelled) return;
    if (typeof window.requestIdleCallback === "function") idleId = window.requestIdleCallback(() => !cancelled && fn(), { timeout: 2000 });
    else idleId = window.setTimeout(() => !cancelled && fn(), 200);
  };
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
  return () => {
    cancelled = true;
    window.removeEventListener("load", idle);
    if (idleId !== undefined) {
      if (typeof window.cancelIdleCallback === "function") window.cancelIdleCallback(idleId);
      else window.clearTimeout(idleId);
    }
  };
}

export function CodeEditor(props: CodeEditorProps) {
  const [wanted, setWanted] = useState(monacoLoaded);
  const [ready, setReady] = useState(false);
  const shell = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  /** The user reached for the editor before Monaco was there: give it the focus when it arrives. */
  const focusOnReady = useRef(false);

  // Reaching for the editor is listened to until Monaco has mounted, not only until it is wanted: the idle/on-screen
  // load below may have started it (on a phone, Tabbing to the toolbar scrolls the editor into view), and the read-only
  // view stays — focusable — until Monaco is there. A user who reaches it in that interval must get the focus in Monaco
  // too, or it falls to <body> when the view is removed.
  useEffect(() => {
    if (ready) return;
    const el = shell.current;
    if (!el) return;
    const want = () => setWanted(true);
    const reach = () => {
      focusOnReady.current = true;
      want();
    };
    el.addEventListener("pointerdown", reach);
    el.addEventListener("focusin", reach);
    el.addEventListener("keydown", reach);
    el.addEventListener("pointerenter", want); // a mouse heading for the editor: start loading before the click
    // The view is server-rendered and focusable: it may have the focus before this ran (before hydration).
    if (el.contains(document.activeElement)) reach();
    return () => {
      el.removeEventListener("pointerdown", reach);
      el.removeEventListener("focusin", reach);
      el.removeEventListener("keydown", reach);
      el.removeEventListener("pointerenter", want);
    };
  }, [ready]);

  // Not reached for: load once the page is idle after load and the editor is (nearly) on screen.
  useEffect(() => {
    if (wanted) return;
    const el = shell.current;
    if (!el) return;
    let observer: IntersectionObserver | undefined;
    const want = () => setWanted(true);
    const cancelIdle = afterLoadWhenIdle(() => {
      if (typeof IntersectionObserver === "undefined") return want();
      observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && want(), { rootMargin: "100px" });
      observer.observe(el);
    });
    return () => {
      cancelIdle();
      observer?.disconnect();
    };
  }, [wanted]);

  // Monaco is there and the view is gone (this runs after the commit that removed it, before paint). If the user
  // reached for the editor, the focus moves into Monaco unless they have since moved it elsewhere: it is then on the
  // view's remains (<body>, the view having been removed with the focus on it) or already inside the shell.
  useLayoutEffect(() => {
    if (!ready || !focusOnReady.current) return;
    focusOnReady.current = false;
    const active = document.activeElement;
    if (!active || active === document.body || shell.current?.contains(active)) editor.current?.focus();
  }, [ready]);

  return (
    <div className="code-editor-shell" ref={shell}>
      {wanted ? (
        <Monaco
          {...props}
          onReady={(handle) => {
            monacoLoaded = true;
            editor.current = handle;
            setReady(true);
          }}
        />
      ) : null}
      {ready ? null : (
        // Read-only until Monaco arrives; tabIndex lets a keyboard user reach it (focusing it loads the editor).
        <pre className="code-view" tabIndex={0} role="textbox" aria-readonly="true" aria-multiline="true" aria-label={props.ariaLabel} aria-busy={wanted} data-testid="code-view">
          <code>{props.value}</code>
        </pre>
      )}
    </div>
  );
}
