import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext.js';
import { PageLoading } from './components/PageLoading.js';
import { FONT_FAMILY } from './font.js';
import { antdLocale } from './locale.js';
import { createQueryClient } from './query-client.js';
import { AppRoutes } from './routes.js';

// The residents' end is its own chunk with its own sign-in and shell: staff sessions and menus never reach it.
const ResidentApp = lazy(() => import('./resident/ResidentApp.js'));

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <ConfigProvider locale={antdLocale} theme={{ token: { colorPrimary: '#c4161c', borderRadius: 4, fontFamily: FONT_FAMILY } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routes>
              <Route
                path="/resident/*"
                element={
                  <Suspense fallback={<PageLoading />}>
                    <ResidentApp />
                  </Suspense>
                }
              />
              <Route
                path="*"
                element={
                  <AuthProvider>
                    <AppRoutes />
                  </AuthProvider>
                }
              />
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
