import { SectionTabs, type Section } from '../../components/SectionTabs.js';

const SECTIONS: Section[] = [
  { path: '/monitoring', label: '工作台', permission: 'monitoring.read' },
  { path: '/monitoring/imports', label: '部门数据导入', permission: 'monitoring.exchange' },
];

export default function MonitoringLayout() {
  return <SectionTabs sections={SECTIONS} testId="monitoring-sections" />;
}
