import { parseArgs } from 'node:util';

/**
 * `minzheng <command>`. Each command is imported on demand so `minzheng evaluate` starts without loading
 * the HTTP server, and `serve` without the benchmark code.
 */
const commands: Record<string, { summary: string; run: (args: string[]) => Promise<number> }> = {
  serve: { summary: '启动 API 与 Web 应用（首次启动时迁移数据库并载入演示城市）', run: async (a) => (await import('./serve.js')).serve(a) },
  migrate: { summary: '执行数据库迁移', run: async () => (await import('./migrate.js')).runMigrate() },
  seed: { summary: '载入演示城市：seed [--persons N] [--seed S]', run: async (a) => (await import('./seed.js')).runSeed(a) },
  audit: { summary: '审计日志：audit verify [--archives]（校验哈希链与库外锚点，及归档文件）| audit anchor（签发链头锚点）| audit archive（超过保存期的月份归档到文件）', run: async (a) => (await import('./audit.js')).runAudit(a) },
  evaluate: { summary: '政策计算：从标准输入读取 JSON，向标准输出写结果', run: async () => (await import('./evaluate.js')).runEvaluate() },
  screen: { summary: '政策筛查：screen --month YYYY-MM [--division D] [--workers N]', run: async (a) => withContext((ctx) => import('../policy/index.js').then((p) => p.runScreenCli(a, ctx))) },
  simulate: { summary: '政策模拟：simulate --month YYYY-MM --param dibao.standard --scale 1050', run: async (a) => withContext((ctx) => import('../policy/index.js').then((p) => p.runSimulateCli(a, ctx))) },
  import: { summary: '导入部门数据：import --source S --batch B 文件.csv|文件.ndjson', run: async (a) => (await import('./import.js')).runImport(a) },
  backup: { summary: '备份：backup [--out 文件]（PostgreSQL 用 pg_dump 自定义格式；内置数据库用其数据目录转储），附行数清单', run: async (a) => (await import('./backup.js')).runBackup(a) },
  restore: { summary: '恢复：restore --file 备份 --target-url 新空库 | --target-dir 新空目录；恢复后核对行数、审计链与锚点', run: async (a) => (await import('./backup.js')).runRestore(a) },
  keys: { summary: '密钥：keys rotate [--batch N]（用新密钥重新加密，可中断续做）| keys check（统计仍由旧密钥加密的值）', run: async (a) => (await import('./keys.js')).runKeys(a) },
  users: { summary: '用户：users create --username u --name 名称 --role r --jurisdiction code --password p', run: async (a) => (await import('./users.js')).runUsers(a) },
};

async function withContext(work: (ctx: import('../context.js').AppContext) => Promise<number>): Promise<number> {
  const ctx = await (await import('./open.js')).openContext();
  try {
    return await work(ctx);
  } finally {
    await ctx.db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } }, strict: false });
    const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
    process.stderr.write(`用法: minzheng <命令> [参数]\n\n${lines.join('\n')}\n`);
    return name && !values.help ? 2 : 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (error: unknown) => {
    // A refusal to start speaks to the operator: the message is the whole story, a stack trace only hides it.
    const operatorMessage = error instanceof Error && error.name === 'DatabaseStartError';
    process.stderr.write(`${error instanceof Error ? (operatorMessage ? error.message : (error.stack ?? error.message)) : String(error)}\n`);
    process.exitCode = 1;
  },
);
