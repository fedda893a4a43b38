import { useEffect, useRef } from 'react';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Back to the login page once the user has been idle for the session's idle timeout: the server ends the
 * session then anyway, and a screen full of personal data should not stay open on an unattended desk.
 */
export function useIdleLogout(idleSeconds: number | null, onIdle: () => void): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (!idleSeconds) return;
    let last = Date.now();
    const touch = () => (last = Date.now());
    for (const event of ACTIVITY) window.addEventListener(event, touch, { passive: true });
    const timer = window.setInterval(
      () => {
        if (Date.now() - last >= idleSeconds * 1000) callback.current();
      },
      Math.min(15_000, Math.max(1000, (idleSeconds * 1000) / 10)),
    );
    return () => {
      for (const event of ACTIVITY) window.removeEventListener(event, touch);
      window.clearInterval(timer);
    };
  }, [idleSeconds]);
}
