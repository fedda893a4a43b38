import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app is served by the API process from web/dist (see src/http/app.ts); in development
 * `npx vite --config web/vite.config.ts` proxies the API to a server started with `npm start`.
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  // The server replaces it with each answer's nonce (src/http/web-security.ts): antd's run-time styles carry it.
  html: { cspNonce: '__MINZHENG_CSP_NONCE__' },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Font files stay files, never data: URLs (Vite inlines assets under 4 kB): a CSP of font-src 'self' must
    // not block the few small Noto Sans SC slices.
    assetsInlineLimit: (file) => (/\.woff2?$/.test(file) ? false : undefined),
    // The UI kit is one cached chunk (~1 MB, ~300 kB gzipped) instead of forty small shared ones, so a page
    // change fetches only its own small chunk. ECharts stays out of it: only the cockpit pages load it.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack)[\\/]/, priority: 2 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|@emotion|dayjs|classnames|@babel[\\/]runtime)[\\/]/, priority: 1 },
            // Only the chart modules web/src/charts/echarts.ts registers; loaded by the cockpit and simulation pages.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/openapi.json': 'http://localhost:3000',
    },
  },
});
