/** A one-line progress bar on stderr: done/total, rate and time left. */
export function progressBar(label: string): (done: number, total: number) => void {
  const started = Date.now();
  let lastDraw = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - lastDraw < 200 && done < total) return;
    lastDraw = now;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 ? (total - done) / rate : 0;
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(1)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${Math.round(rate).toLocaleString('en')}/s 剩余 ${left.toFixed(0)}s`;
    process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
  };
}
