import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  ContactsOutlined,
  SmileOutlined,
  CalculatorOutlined,
  DashboardOutlined,
  ClusterOutlined,
  FundOutlined,
  HeartOutlined,
  HomeOutlined,
  MedicineBoxOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
  FlagOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  /** Shown when the user holds this permission (or any of these); none = everyone. */
  permission?: string | string[];
  /** One line on the home page: what this part of the platform is for. */
  summary: string;
}

/** Whoever holds one of these maintains some module's dated parameters in 参数设置. */
export const SETTINGS_PERMISSIONS = ['policy.params.write', 'assistance.configure', 'monitoring.configure', 'eldercare.configure'];

/** The side navigation follows the business lines of the bureau, in the order the work plans name them. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: '首页', icon: <HomeOutlined />, summary: '' },
  { path: '/registry/persons', label: '人口与家庭', icon: <TeamOutlined />, permission: 'registry.read', summary: '查询辖区内的人员与家庭，查看各部门推送的收入、财产等事实及其来源与历史。' },
  {
    path: '/policy',
    label: '政策计算',
    icon: <CalculatorOutlined />,
    permission: ['policy.evaluate', 'policy.simulate'],
    summary: '按规则计算一户家庭在某月可享受的低保、低收入、特困供养、老年综合津贴等政策并给出逐条理由；政策调整测算与全人口筛查。',
  },
  { path: '/assistance', label: '社会救助', icon: <HeartOutlined />, permission: 'assistance.read', summary: '低保、特困、低收入、支出型贫困、临时救助的申请、核对、审批、发放与复核。' },
  { path: '/monitoring', label: '动态监测', icon: <AlertOutlined />, permission: ['monitoring.read', 'monitoring.exchange'], summary: '低收入人口动态监测：预警指标触发、推送救助顾问核实处置的闭环；政策找人线索跟进；部门数据导入。' },
  {
    path: '/eldercare',
    label: '养老服务',
    icon: <MedicineBoxOutlined />,
    permission: 'eldercare.read',
    summary: '养老机构与社区设施、床位与收费；保基本床位统筹轮候（排位及理由、床位通知）；照护需求评估；机构监管与信用；为老助餐与跨区结算。',
  },
  {
    path: '/socialorg',
    label: '社会组织',
    icon: <BankOutlined />,
    permission: ['socialorg.read', 'socialorg.report'],
    summary: '社会团体、社会服务机构、基金会的名称核准与登记、年度检查、活动异常名录与严重违法失信名单、慈善组织与公开募捐资格、统计。',
  },
  { path: '/children', label: '儿童福利', icon: <SmileOutlined />, permission: ['children.read', 'children.figures'], summary: '孤儿、事实无人抚养儿童、困境儿童的发现报告、走访、督导复核、区级认定与基本生活费；逾期走访提醒。' },
  { path: '/disability', label: '残疾人福利', icon: <ContactsOutlined />, permission: 'disability.read', summary: '困难残疾人生活补贴、重度残疾人护理补贴的受理、审批与按月发放。' },
  {
    path: '/funeral',
    label: '殡葬服务',
    icon: <FlagOutlined />,
    permission: 'funeral.read',
    summary: '公民身故“一件事”：一次登记死亡，救助、津贴、养老等自动办理并逐项显示结果；告知书、接运火化、基本殡葬服务与海葬补贴、殡葬服务单位与统计。',
  },
  { path: '/cockpit', label: '驾驶舱', icon: <DashboardOutlined />, permission: 'stats.read', summary: '救助对象与资金、预警及其处置、政策找人与免申即享、养老床位与轮候的统计图表，均可下载 Excel。' },
  { path: '/community', label: '基层治理', icon: <ClusterOutlined />, permission: 'community.read', summary: '社区工作者名册：岗位、任职期间、学历与持证情况，按配备额度查看缺员居村委会。' },
  { path: '/community/divisions', label: '区划沿革', icon: <ClusterOutlined />, permission: 'stats.read', summary: '街镇、居村委会的设立、拆分、合并与调整隶属（批准文号、理由），按任一日期查看户数和人数；导入 12 位代码清单。' },
  { path: '/community/services', label: '社区事务受理', icon: <ClusterOutlined />, permission: 'stats.read', summary: '受理中心、分中心、自助终端、远程虚拟窗口的办件时效（工作日）、时限内办结率与好差评；事项目录；导入一网通办办件。' },
  {
    path: '/community/burden',
    label: '居村减负',
    icon: <ClusterOutlined />,
    permission: 'stats.read',
    summary: '证明事项与协助行政事务准入清单；向居村委会提出的请求按清单判定，清单外不予出具、不予承接；违规摊派举报的移送与办结；减负监测点。',
  },
  { path: '/indicators', label: '规划指标', icon: <FundOutlined />, permission: 'stats.read', summary: '“十四五”规划 15 项主要指标：本期值与目标、进度状态、分区与逐月历史，人工填报的指标注明来源，可下载 Excel。' },
  {
    path: '/jobs',
    label: '任务中心',
    icon: <ScheduleOutlined />,
    permission: ['policy.screen', 'policy.simulate', 'assistance.pay', 'monitoring.exchange'],
    summary: '您发起的政策筛查、政策测算、发放批次与数据导入：进度与结果，离开页面后仍可回来查看。',
  },
  { path: '/admin/users', label: '用户管理', icon: <UserOutlined />, permission: 'users.manage', summary: '新建用户，分配角色与辖区（特权授权须另一名安全管理员审批），解除锁定、停用启用、结束会话，导出用户台账。' },
  {
    path: '/admin/settings',
    label: '参数设置',
    icon: <SettingOutlined />,
    permission: SETTINGS_PERMISSIONS,
    summary: '政策参数、社会救助业务配置、预警规则与养老服务参数：现行值、是否已核实、自某日起生效的新值与取值历史，每次设定均记入审计。',
  },
  {
    path: '/marriage',
    label: '婚姻登记',
    icon: <SolutionOutlined />,
    permission: ['marriage.read', 'marriage.import'],
    summary: '婚姻登记预约与当日名单；结婚登记前逐项核查（婚龄、重婚含历史档案、禁止结婚的亲属关系）；协议离婚冷静期；证书补领；法院判决与历史档案导入；统计。',
  },
  { path: '/audit', label: '审计', icon: <AuditOutlined />, permission: 'audit.read', summary: '查看所有访问个人信息与业务操作的审计日志（含被拒绝的访问），并校验日志哈希链是否被篡改。' },
];

export function visibleNavItems(permissions: readonly string[]): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || [item.permission].flat().some((p) => permissions.includes(p)));
}

/** The nav item a URL belongs to: person and household pages sit under 人口与家庭. */
export function navKeyOf(pathname: string): string {
  if (pathname.startsWith('/registry')) return '/registry/persons';
  const match = NAV_ITEMS.find((item) => item.path !== '/' && pathname.startsWith(item.path));
  return match?.path ?? '/';
}
