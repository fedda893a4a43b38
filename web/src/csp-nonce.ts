/**
 * The style nonce of this page load: the server puts it into index.html (see src/http/web-security.ts), Vite's
 * `html.cspNonce` into a meta tag. Ant Design stamps its run-time <style> tags with it, so the CSP needs no
 * 'unsafe-inline'. Read from the property: browsers hide the nonce attribute's value once the page has loaded.
 */
export function cspNonce(): string | undefined {
  const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  return meta?.nonce || meta?.getAttribute('content') || undefined;
}

/**
 * Ant Design's ConfigProvider passes the nonce to its styles, but one helper underneath (the scroll-bar width
 * measurement of @rc-component/util, used by tables) adds a <style> without it, which the CSP blocks. Styles our
 * own scripts add to <head> get the nonce here. Markup injected into the page never passes through these calls,
 * and only this origin's scripts run (script-src 'self'), so the nonce still keeps out injected <style> tags.
 */
export function stampStylesAddedByScript(nonce: string | undefined): void {
  if (!nonce) return;
  const head = HTMLHeadElement.prototype;
  const stamp = (node: Node) => {
    if (node instanceof HTMLStyleElement && !node.nonce) node.nonce = nonce;
  };
  const { appendChild, insertBefore } = Node.prototype;
  head.appendChild = function <T extends Node>(this: HTMLHeadElement, node: T): T {
    stamp(node);
    return appendChild.call(this, node) as T;
  };
  head.insertBefore = function <T extends Node>(this: HTMLHeadElement, node: T, child: Node | null): T {
    stamp(node);
    return insertBefore.call(this, node, child) as T;
  };
}

/**
 * A server-made document shown in a srcdoc frame (the 决定书) runs under this page's CSP, which blocks its
 * <style>. The stylesheet is taken out and handed to the frame as a constructed stylesheet once it has loaded
 * (`adoptFrameStyle`), which the CSP allows; other <style> tags are dropped, never allowed.
 */
export function separateHeadStyle(html: string): { html: string; css: string } {
  // Text, not DOMParser: Chromium checks a parsed document's <style> against this page's CSP and reports it.
  const css = /<style>([\s\S]*?)<\/style>/i.exec(html)?.[1] ?? '';
  return { html: html.replace(/<style[\s\S]*?<\/style>/gi, ''), css };
}

export function adoptFrameStyle(frame: HTMLIFrameElement | null, css: string): void {
  const view = frame?.contentWindow as (Window & typeof globalThis) | null | undefined;
  if (!view || !frame?.contentDocument || !css) return;
  const sheet = new view.CSSStyleSheet();
  sheet.replaceSync(css);
  frame.contentDocument.adoptedStyleSheets = [sheet];
}
