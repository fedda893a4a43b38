import { SectionTabs, type Section } from '../../components/SectionTabs.js';

const SECTIONS: Section[] = [
  { path: '/socialorg', label: '登记', permission: 'socialorg.read' },
  { path: '/socialorg/lists', label: '信用名录', permission: 'socialorg.read' },
  { path: '/socialorg/penalties', label: '行政处罚', permission: 'socialorg.read' },
  { path: '/socialorg/grading', label: '等级评估', permission: 'socialorg.read' },
  { path: '/socialorg/charity', label: '慈善', permission: 'socialorg.read' },
  { path: '/socialorg/figures', label: '统计', permission: 'socialorg.read' },
  { path: '/socialorg/settings', label: '参数', permission: 'socialorg.read' },
  { path: '/socialorg/keys', label: '部门接口', permission: 'socialorg.configure' },
  { path: '/socialorg/mine', label: '本组织', permission: 'socialorg.report' },
];

/** 社会组织: the registrar's desk, the credit lists, the figures and the parameters; an organisation's own page. */
export default function SocialorgLayout() {
  return <SectionTabs sections={SECTIONS} testId="socialorg-sections" />;
}
