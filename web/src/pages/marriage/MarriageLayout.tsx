import { SectionTabs, type Section } from '../../components/SectionTabs.js';

const SECTIONS: Section[] = [
  { path: '/marriage', label: '预约与结婚登记', permission: 'marriage.read' },
  { path: '/marriage/divorces', label: '离婚登记', permission: 'marriage.read' },
  { path: '/marriage/certificates', label: '证书与补领', permission: 'marriage.register' },
  { path: '/marriage/records', label: '判决与历史档案', permission: 'marriage.import' },
  { path: '/marriage/figures', label: '统计', permission: 'marriage.figures' },
];

/** 婚姻登记: the office's day, registration with its checks, divorces, certificates, judgements and imports, figures. */
export default function MarriageLayout() {
  return <SectionTabs sections={SECTIONS} testId="marriage-sections" />;
}
