/**
 * Residents read plain Chinese: the staff-side explanations flag figures whose source is not yet confirmed
 * (参数待核实, see src/policy/render.ts and src/eldercare/setting-defs.ts) so that a clerk knows they may change —
 * wording for staff, not for the person applying. The resident is told once, in words, that the figure is final
 * only when decided (UNCONFIRMED_NOTE), and the flag itself is taken out of every text shown.
 */
const FLAG = /[，；][^，；（）。]*参数待核实|参数待核实/g;

export const UNCONFIRMED_NOTE = '金额和标准以民政部门最终核定为准。';

export function plainWording(text: string): string {
  return text.replace(FLAG, '').replace(/（）/g, '');
}

/** Whether a staff-side text carried the flag (the page then shows UNCONFIRMED_NOTE). */
export const hadUnconfirmedFigure = (text: string): boolean => text.includes('参数待核实');
