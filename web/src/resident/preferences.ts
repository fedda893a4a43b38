import { useSyncExternalStore } from 'react';

/**
 * The resident's display choices on this device. Large text (适老化) is kept across visits; kiosk mode (自助端)
 * only for this tab, so a phone that once opened a kiosk link does not stay a kiosk. Neither holds personal data.
 */
export interface DisplayPreferences {
  largeText: boolean;
  kiosk: boolean;
}

const LARGE_TEXT_KEY = 'minzheng.resident.largeText';
const KIOSK_KEY = 'minzheng.resident.kiosk';
const listeners = new Set<() => void>();

const read = (): DisplayPreferences => ({ largeText: localStorage.getItem(LARGE_TEXT_KEY) === '1', kiosk: sessionStorage.getItem(KIOSK_KEY) === '1' });
let current = read();

function publish(): void {
  current = read();
  for (const listener of listeners) listener();
}

export function setLargeText(on: boolean): void {
  if (on) localStorage.setItem(LARGE_TEXT_KEY, '1');
  else localStorage.removeItem(LARGE_TEXT_KEY);
  publish();
}

export function setKiosk(on: boolean): void {
  if (on) sessionStorage.setItem(KIOSK_KEY, '1');
  else sessionStorage.removeItem(KIOSK_KEY);
  publish();
}

/** `?kiosk=1` on any resident address (the terminal's start page) switches the tab to kiosk mode. */
export function kioskFromAddress(search: string, pathname: string): boolean {
  return new URLSearchParams(search).get('kiosk') === '1' || pathname === '/resident/kiosk';
}

export function useDisplayPreferences(): DisplayPreferences {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
