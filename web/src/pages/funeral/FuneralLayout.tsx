import { SectionTabs, type Section } from '../../components/SectionTabs.js';

const SECTIONS: Section[] = [
  { path: '/funeral', label: '身故一件事' },
  { path: '/funeral/subsidies', label: '殡葬补贴' },
  { path: '/funeral/units', label: '殡葬服务单位' },
  { path: '/funeral/supervision', label: '监管检查' },
  { path: '/funeral/complaints', label: '投诉办理' },
  { path: '/funeral/figures', label: '统计' },
];

/** 殡葬服务: the death desk, subsidies, funeral units, supervision, complaints and the figures. */
export default function FuneralLayout() {
  return <SectionTabs sections={SECTIONS} testId="funeral-sections" />;
}
