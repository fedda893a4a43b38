/**
 * The care level (照护等级) of the unified needs assessment, in words. A leaf of its own: both the assessments
 * and the waitlist priority that an assessment updates name levels, and they must not import each other.
 */
export const levelText = (level: number): string => (level === 0 ? '照护需求评估未达等级（0 级）' : `照护${'零一二三四五六'[level]}级`);
