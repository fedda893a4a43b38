import { SectionTabs, type Section } from '../../components/SectionTabs.js';

const SECTIONS: Section[] = [
  { path: '/eldercare', label: '设施与床位' },
  { path: '/eldercare/waitlist', label: '统筹轮候', permission: 'eldercare.persons.read' },
  { path: '/eldercare/assessments', label: '评估', permission: 'eldercare.persons.read' },
  { path: '/eldercare/supervision', label: '监管' },
  { path: '/eldercare/meals', label: '助餐' },
  { path: '/eldercare/rentals', label: '辅具租赁' },
  { path: '/eldercare/service-subsidy', label: '服务补贴' },
  { path: '/eldercare/settings', label: '参数' },
];

/** 养老服务: facilities and beds, the pooled waitlist, assessments, supervision and meals. */
export default function EldercareLayout() {
  return <SectionTabs sections={SECTIONS} testId="eldercare-sections" />;
}
