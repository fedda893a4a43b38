import { SectionTabs, type Section } from '../../components/SectionTabs.js';

const SECTIONS: Section[] = [
  { path: '/policy', label: '单户计算', permission: 'policy.evaluate' },
  { path: '/policy/simulate', label: '政策调整测算', permission: 'policy.simulate' },
  { path: '/policy/screen', label: '全人口筛查', permission: 'policy.screen' },
];

export default function PolicyLayout() {
  return <SectionTabs sections={SECTIONS} testId="policy-sections" />;
}
