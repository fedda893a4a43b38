/**
 * `minzheng screen --month 2025-03 [--division 310115] [--workers 2]` and
 * `minzheng simulate --month 2025-07 --param dibao.standard --scale 1050 [--from 2025-07-01] [--division D]`.
 * The CLI (src/cli) opens the context and passes it in; these print a Chinese summary (or JSON with
 * --json) and return the exit code: 0 done, 2 refused input (with the policy code), 1 failure.
 */
import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { DomainError, firstDayOfMonth, formatYuan, isValidMonth } from '../kernel/index.js';
import { runScreen } from './screen-jobs.js';
import { getScreenRun } from './screen-queries.js';
import { simulateStored } from './simulate-db.js';

type Out = (text: string) => void;
const stdout: Out = (t) => process.stdout.write(t);
const stderr: Out = (t) => process.stderr.write(t);

function refused(error: unknown, err: Out): number {
  if (error instanceof DomainError) {
    err(`${error.code}: ${error.message}\n`);
    return 2;
  }
  throw error;
}

export async function runScreenCli(args: string[], ctx: AppContext, out: Out = stdout, err: Out = stderr): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { month: { type: 'string' }, division: { type: 'string' }, workers: { type: 'string', default: '1' }, 'from-registry': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  if (!values.month || !isValidMonth(values.month)) {
    err('用法: minzheng screen --month YYYY-MM [--division 区划代码] [--workers N] [--from-registry] [--json]\n');
    return 2;
  }
  const started = performance.now();
  let shown = -1;
  try {
    const runId = await runScreen(
      { db: ctx.db, databaseUrl: ctx.config.databaseUrl },
      null,
      { month: values.month, divisionCode: values.division, workers: Number(values.workers), source: values['from-registry'] ? 'registry' : 'auto' },
      undefined,
      (percent, phase) => {
        const p = Math.floor(percent / 5) * 5;
        if (p !== shown) err(`\r筛查 ${values.month}：${phase} ${p}%   `);
        shown = p;
      },
    );
    const run = await getScreenRun({ db: ctx.db }, null, runId);
    const seconds = (performance.now() - started) / 1000;
    if (values.json) {
      out(`${JSON.stringify(run, null, 2)}\n`);
      return 0;
    }
    err('\n');
    out(`筛查任务 ${run.id}：${run.month}，区划 ${run.divisionCode}，${run.households ?? 0} 户 ${run.persons ?? 0} 人，结果 ${run.resultRows ?? 0} 条，用时 ${seconds.toFixed(1)} 秒（${run.workers} 个工作进程）\n`);
    out(`规则 ${run.ruleVersion}（${run.rulesFingerprint}），参数指纹 ${run.parametersFingerprint}\n`);
    const byProgramme = new Map<string, { households: number; persons: number; amount: number }>();
    for (const s of run.summaries) {
      const t = byProgramme.get(s.programme) ?? { households: 0, persons: 0, amount: 0 };
      byProgramme.set(s.programme, { households: t.households + s.households, persons: t.persons + s.persons, amount: t.amount + s.monthlyAmountFen });
    }
    for (const [programme, t] of byProgramme) out(`  ${programme.padEnd(18)} ${String(t.households).padStart(9)} 户 ${String(t.persons).padStart(9)} 人  月金额 ${formatYuan(t.amount)} 元\n`);
    return 0;
  } catch (error) {
    return refused(error, err);
  }
}

export async function runSimulateCli(args: string[], ctx: AppContext, out: Out = stdout, err: Out = stderr): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      month: { type: 'string' },
      param: { type: 'string' },
      scale: { type: 'string' },
      add: { type: 'string' },
      set: { type: 'string' },
      from: { type: 'string' },
      division: { type: 'string' },
      programmes: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const kinds = [values.scale, values.add, values.set].filter((v) => v !== undefined).length;
  if (!values.month || !isValidMonth(values.month) || !values.param || kinds !== 1) {
    err('用法: minzheng simulate --month YYYY-MM --param 参数名 (--scale 千分比 | --add 分 | --set 值) [--from YYYY-MM-DD] [--division 区划代码] [--programmes a,b] [--json]\n');
    return 2;
  }
  const from = values.from ?? firstDayOfMonth(values.month);
  const change = values.scale !== undefined ? { scalePermille: Number(values.scale) } : values.add !== undefined ? { addFen: Number(values.add) } : { set: Number(values.set) };
  try {
    const report = await simulateStored({ db: ctx.db, databaseUrl: ctx.config.databaseUrl }, null, {
      startMonth: values.month,
      overrides: [{ name: values.param, from, ...change }],
      programmes: values.programmes?.split(',').filter(Boolean),
      divisionCode: values.division,
    });
    if (values.json) {
      out(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    out(
      `政策模拟：${values.param} ${values.scale ? `× ${Number(values.scale) / 1000}` : values.add ? `+ ${values.add} 分` : `= ${values.set}`}（${from} 起），起始月 ${report.startMonth}，${report.households} 户 ${report.persons} 人（数据来源：${report.source === 'snapshot' ? '筛查快照' : '人口库'}，载入 ${report.timings.loadMs} ms，计算 ${report.timings.simulateMs} ms）\n`,
    );
    for (const w of report.warnings) out(`警告：${w.message}\n`);
    for (const p of report.programmes) {
      const t = p.total;
      out(
        `\n${p.programme}：${t.baselineHouseholds} → ${t.scenarioHouseholds} 户（新增 ${t.newlyEligibleHouseholds}，退出 ${t.noLongerEligibleHouseholds}），${t.baselinePersons} → ${t.scenarioPersons} 人；月支出 ${formatYuan(t.baselineMonthlyCostFen)} → ${formatYuan(t.scenarioMonthlyCostFen)} 元，12 个月 ${formatYuan(t.baselineYearlyCostFen)} → ${formatYuan(t.scenarioYearlyCostFen)} 元\n`,
      );
      for (const d of p.districts) {
        if (d.baselineHouseholds === 0 && d.scenarioHouseholds === 0) continue;
        out(
          `  ${(report.districtNames[d.district] ?? d.district).padEnd(6, '　')} ${String(d.baselineHouseholds).padStart(8)} → ${String(d.scenarioHouseholds).padStart(8)} 户  月支出增加 ${formatYuan(d.scenarioMonthlyCostFen - d.baselineMonthlyCostFen)} 元\n`,
        );
      }
    }
    return 0;
  } catch (error) {
    return refused(error, err);
  }
}
