import type { DemoCityPhase, DemoCityProgress } from './load.js';

const PHASE_LABEL: Record<DemoCityPhase, string> = {
  divisions: '区划',
  persons: '人口·家庭·部门数据',
  members: '家庭成员',
  organisations: '社会组织',
  indexes: '重建约束',
  done: '完成',
};

/**
 * A progress bar for `loadDemoCity` on a terminal (stderr by default): the phase, persons walked in it,
 * persons per second over the whole load, and the time left. Redraws at most every 200 ms; when the
 * stream is not a terminal (CI logs), prints a line per phase and per 10 % instead.
 */
export function demoCityProgressBar(stream: NodeJS.WriteStream = process.stderr): (done: number, total: number, p: DemoCityProgress) => void {
  let lastDraw = 0;
  let lastPhase: DemoCityPhase | null = null;
  let lastStep = 0;
  return (_done, _total, p) => {
    const now = performance.now();
    const phaseChanged = p.phase !== lastPhase;
    if (!stream.isTTY) {
      const step = Math.floor(p.fraction * 10);
      if (phaseChanged || step > lastStep) stream.write(`演示城市 ${PHASE_LABEL[p.phase]} ${(p.fraction * 100).toFixed(0)}% ${(p.elapsedMs / 1000).toFixed(1)} 秒\n`);
      lastPhase = p.phase;
      lastStep = step;
      return;
    }
    if (!phaseChanged && p.phase !== 'done' && now - lastDraw < 200) return;
    lastDraw = now;
    lastPhase = p.phase;
    const width = 30;
    const filled = Math.round(p.fraction * width);
    const seconds = p.elapsedMs / 1000;
    const rate = seconds > 0 ? (p.fraction * p.persons) / seconds : 0;
    const eta = p.fraction > 0.01 ? (seconds * (1 - p.fraction)) / p.fraction : NaN;
    const line =
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(p.fraction * 100).toFixed(0).padStart(3)}% ` +
      `${PHASE_LABEL[p.phase]} ${p.phaseDone.toLocaleString('en-US')}/${p.persons.toLocaleString('en-US')} 人 · ` +
      `${Math.round(rate).toLocaleString('en-US')} 人/秒 · ${p.phase === 'done' ? `用时 ${seconds.toFixed(1)} 秒` : `剩余 ${Number.isNaN(eta) ? '…' : `${Math.ceil(eta)} 秒`}`}`;
    stream.write(`${line}\x1b[K${p.phase === 'done' ? '\n' : ''}`);
  };
}
