// Bundled by Vite into web/dist: every machine shows the same glyphs, a machine without CJK fonts shows no
// boxes, and no font is fetched from another site (a CSP can keep font-src to 'self').
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';

/** Noto Sans SC first so it wins over whatever the machine has; the rest only cover a failed font download. */
export const FONT_FAMILY = "'Noto Sans SC', -apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', sans-serif";
