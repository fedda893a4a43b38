import { SectionTabs, type Section } from '../../components/SectionTabs.js';

const SECTIONS: Section[] = [
  { path: '/assistance', label: '救助案件' },
  { path: '/assistance/reviews', label: '到期复核' },
  { path: '/assistance/payments', label: '发放批次', permission: 'assistance.pay' },
  { path: '/assistance/objections', label: '居民异议' },
  { path: '/assistance/emergency', label: '先行救助', permission: 'assistance.handle' },
];

/** 社会救助: cases, reviews due and (district staff) the monthly payment runs. */
export default function AssistanceLayout() {
  return <SectionTabs sections={SECTIONS} testId="assistance-sections" />;
}
