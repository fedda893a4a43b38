import { Button, Modal } from 'antd';
import { useEffect, useRef, useState } from 'react';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
/** A kiosk stands in a hall: the next person must not find the last one's household on the screen. */
export const KIOSK_IDLE_SECONDS = 90;
const WARNING_SECONDS = 20;

/**
 * Counts down once nobody has touched the kiosk for a while, says so in large type with a way to stay, and
 * signs out at zero. Only mounted in kiosk mode; a phone keeps the session's own idle limit.
 */
export function KioskIdleGuard({ onIdle, idleSeconds = KIOSK_IDLE_SECONDS }: { onIdle: () => void; idleSeconds?: number }) {
  const last = useRef(Date.now());
  const callback = useRef(onIdle);
  callback.current = onIdle;
  const [left, setLeft] = useState<number | null>(null);

  useEffect(() => {
    const touch = () => {
      last.current = Date.now();
      setLeft(null);
    };
    for (const event of ACTIVITY) window.addEventListener(event, touch, { passive: true });
    const timer = window.setInterval(() => {
      const remaining = idleSeconds - Math.floor((Date.now() - last.current) / 1000);
      if (remaining <= 0) {
        window.clearInterval(timer);
        callback.current();
      } else setLeft(remaining <= WARNING_SECONDS ? remaining : null);
    }, 1000);
    return () => {
      for (const event of ACTIVITY) window.removeEventListener(event, touch);
      window.clearInterval(timer);
    };
  }, [idleSeconds]);

  return (
    <Modal
      open={left !== null}
      title="您还在使用吗？"
      closable={false}
      footer={
        <Button type="primary" size="large" block data-testid="kiosk-stay">
          继续使用
        </Button>
      }
      data-testid="kiosk-idle-warning"
    >
      <p style={{ fontSize: '1.2em' }}>为保护您的信息，{left ?? 0} 秒后将自动退出登录。</p>
    </Modal>
  );
}
