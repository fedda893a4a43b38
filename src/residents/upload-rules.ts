export const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

/** The rule as the resident reads it before choosing a file. */
export const uploadRulesText = (maxBytes: number) => `仅限 PDF、JPG、PNG 格式，单个文件不超过 ${Number((maxBytes / 1024 / 1024).toFixed(1))} MB；政府部门已有的材料无需上传`;
