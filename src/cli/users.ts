import { parseArgs } from 'node:util';
import { createUser, type AccessTables, type Role } from '../access/index.js';
import { openContext } from './open.js';

export async function runUsers(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, jurisdiction: { type: 'string' }, password: { type: 'string' }, organisation: { type: 'string' } },
  });
  if (positionals[0] !== 'create' || !values.username || !values.role || !values.jurisdiction || !values.password) {
    process.stderr.write(
      '用法: minzheng users create --username u --name 名称 --role city_admin|security_admin|district_staff|street_caseworker|community_advisor|auditor|leader|institution_staff --jurisdiction 区划代码 --password 初始密码（首次登录须修改） [--organisation 机构编号（服务机构工作人员必填）]\n',
    );
    return 2;
  }
  const ctx = await openContext();
  try {
    const user = await createUser(ctx.db.kysely.withTables<AccessTables>(), null, {
      username: values.username,
      displayName: values.name ?? values.username,
      role: values.role as Role,
      jurisdiction: values.jurisdiction,
      password: values.password,
      organisationId: values.organisation ? Number(values.organisation) : null,
      // The operator typed it: a one-time password, replaced at the first sign-in.
      mustChangePassword: true,
    });
    process.stdout.write(`已创建用户 ${user.username}（${user.role}，辖区 ${user.jurisdiction}）\n`);
    return 0;
  } finally {
    await ctx.db.close();
  }
}
