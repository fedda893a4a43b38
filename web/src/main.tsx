import { ConfigProvider } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { cspNonce, stampStylesAddedByScript } from './csp-nonce.js';

const nonce = cspNonce();
stampStylesAddedByScript(nonce);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    {/* antd stamps its run-time <style> tags with this page's nonce; App's own ConfigProvider inherits it. */}
    <ConfigProvider csp={{ nonce }}>
      <App />
    </ConfigProvider>
  </StrictMode>,
);
