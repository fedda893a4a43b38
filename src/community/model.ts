import type { Generated } from 'kysely';
import type { IsoDate } from '../kernel/index.js';

export const EDUCATIONS = ['secondary', 'college', 'bachelor', 'postgraduate'] as const;
export type Education = (typeof EDUCATIONS)[number];
export const educationNames: Record<Education, string> = { secondary: '高中/中专及以下', college: '大专', bachelor: '本科', postgraduate: '研究生' };

/** 社会工作者职业水平证书 levels (national scheme). */
export const CERTIFICATES = ['none', 'assistant', 'social_worker', 'senior'] as const;
export type Certificate = (typeof CERTIFICATES)[number];
export const certificateNames: Record<Certificate, string> = { none: '无', assistant: '助理社会工作师', social_worker: '社会工作师', senior: '高级社会工作师' };

export type CommunityTables = {
  'community.workers': {
    id: Generated<number>;
    person_id: number;
    birth_date: IsoDate;
    street_code: string;
    committee_code: string | null;
    post: string;
    start_on: IsoDate;
    end_on: IsoDate | null;
    education: Education;
    certificate: Generated<Certificate>;
    entered_by: number;
    entered_at: Generated<Date>;
    ended_by: number | null;
  };
};
