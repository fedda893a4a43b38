import { useState } from 'react';

/** The first tab stop: keyboard and switch users jump past the header to the page itself (WCAG 2.4.1). */
export function SkipLink({ target }: { target: string }) {
  const [focused, setFocused] = useState(false);
  return (
    <a
      href={`#${target}`}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onClick={(event) => {
        event.preventDefault();
        document.getElementById(target)?.focus();
      }}
      style={
        focused
          ? { position: 'fixed', top: 8, left: 8, zIndex: 1000, padding: '8px 16px', background: '#fff', color: '#b3141a', border: '2px solid #b3141a', borderRadius: 8 }
          : { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }
      }
    >
      跳到主要内容
    </a>
  );
}
