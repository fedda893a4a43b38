import { useEffect, useState } from 'react';

/** "3 分 12 秒", ticking each second: a job with no percentage still shows it is alive. */
export function ElapsedSince({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((now - new Date(since).getTime()) / 1000));
  const minutes = Math.floor(seconds / 60);
  return (
    <>
      {minutes ? `${minutes} 分 ` : ''}
      {seconds % 60} 秒
    </>
  );
}
