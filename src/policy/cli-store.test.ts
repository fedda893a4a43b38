/**
 * The command line: `minzheng evaluate` as a real process (JSON on stdin) for worked cases of each file,
 * and the screen / simulate commands' functions (the CLI wires them with an opened context).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdVault, loadDemoCity } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { runScreenCli, runSimulateCli } from './cli-screen.js';

interface WorkedCase {
  id: string;
  input: unknown;
  expected: { programme: string; memberId?: string; eligible: boolean; monthlyAmountFen: number }[];
}
const dir = new URL('../policies/shanghai/cases/', import.meta.url);
const firstOfEachFile: WorkedCase[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as WorkedCase[])[1]);
const bin = fileURLToPath(new URL('../../bin/minzheng.js', import.meta.url));

function evaluate(input: unknown): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, 'evaluate'], { timeout: 60_000 }, (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }));
    child.stdin?.end(JSON.stringify(input));
  });
}

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await loadDemoCity(t.db, new IdVault(randomBytes(32)), { seed: 4, persons: 300, today: '2025-03-15' });
}, 180_000);
afterAll(async () => t?.close());

describe('minzheng evaluate (a process, JSON on stdin)', () => {
  it.each(firstOfEachFile.map((c) => [c.id, c] as const))(
    'decides worked case %s',
    async (_id, c) => {
      const { code, stdout } = await evaluate(c.input);
      expect(code).toBe(0);
      const results = (JSON.parse(stdout) as { results: WorkedCase['expected'] }).results;
      expect(results.map((r) => ({ programme: r.programme, ...(r.memberId !== undefined ? { memberId: r.memberId } : {}), eligible: r.eligible, monthlyAmountFen: r.monthlyAmountFen }))).toEqual(c.expected);
    },
    60_000,
  );

  it('answers bad input with a JSON error and exit code 2', async () => {
    const { code, stdout } = await evaluate({ month: '2024-7' });
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ code: 'POLICY_INVALID_INPUT' });
  }, 60_000);
});

describe('minzheng screen / simulate', () => {
  const capture = () => {
    const out: string[] = [];
    return { out, write: (s: string) => void out.push(s) };
  };

  it('screens the city and prints the programme totals', async () => {
    const o = capture();
    const e = capture();
    expect(await runScreenCli(['--month', '2025-03', '--workers', '2'], t.ctx, o.write, e.write)).toBe(0);
    expect(o.out.join('')).toMatch(/筛查任务 \d+：2025-03，区划 310000000000，\d+ 户 \d+ 人/);
    expect(o.out.join('')).toContain('elderly_allowance');
    expect(await runScreenCli(['--month', '2025-3'], t.ctx, o.write, e.write)).toBe(2);
  }, 60_000);

  it('simulates dibao +5 % and prints the change by district', async () => {
    const o = capture();
    const e = capture();
    expect(await runSimulateCli(['--month', '2025-03', '--param', 'dibao.standard', '--scale', '1050', '--programmes', 'dibao'], t.ctx, o.write, e.write)).toBe(0);
    expect(o.out.join('')).toMatch(/dibao：\d+ → \d+ 户/);
    expect(o.out.join('')).toContain('筛查快照');
    expect(await runSimulateCli(['--month', '2025-03', '--param', 'nope', '--scale', '1050'], t.ctx, o.write, e.write)).toBe(2);
    expect(e.out.join('')).toContain('POLICY_UNKNOWN_PARAMETER');
  }, 60_000);
});
