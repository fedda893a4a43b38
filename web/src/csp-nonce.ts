/**
 * The style nonce of this page load: the server puts it into index.html (see src/http/web-security.ts), Vite's
 * `html.cspNonce` into a meta tag. Ant Design stamps its run-time <style> tags with it, so the CSP needs no
 * 'unsafe-inline'. Read from the property: browsers hide the nonce attribute's value once the page has loaded.
 */
export function cspNonce(): string | undefined {
  const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  return meta?.nonce || meta?.getAttribute('content') || undefined;
}
