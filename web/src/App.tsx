import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { useState } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext.js';
import { antdLocale } from './locale.js';
import { createQueryClient } from './query-client.js';
import { AppRoutes } from './routes.js';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <ConfigProvider locale={antdLocale} theme={{ token: { colorPrimary: '#c4161c', borderRadius: 4 } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider>
              <AppRoutes />
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
