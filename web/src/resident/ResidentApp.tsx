import { ConfigProvider } from 'antd';
import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';
import { ResidentAuthProvider } from './auth.js';
import { kioskFromAddress, setKiosk, useDisplayPreferences } from './preferences.js';
import { ResidentRoutes } from './routes.js';
import { residentTheme } from './theme.js';

/** The residents' end inside the one SPA: its own theme (larger type, AA contrast), sign-in and routes. */
export default function ResidentApp() {
  const preferences = useDisplayPreferences();
  const location = useLocation();
  const kioskAddress = kioskFromAddress(location.search, location.pathname);
  useEffect(() => {
    if (kioskAddress) setKiosk(true);
  }, [kioskAddress]);
  return (
    <ConfigProvider theme={residentTheme({ ...preferences, kiosk: preferences.kiosk || kioskAddress })} componentSize={preferences.kiosk ? 'large' : undefined}>
      <ResidentAuthProvider>
        <ResidentRoutes />
      </ResidentAuthProvider>
    </ConfigProvider>
  );
}
