/**
 * Tag colours for the resident pages: antd's light preset tags (e.g. green text on pale green) fall short of
 * WCAG AA contrast (about 3.4:1, axe reports them); these solid shades carry white text at 5.5:1 or more.
 */
const SOLID: Record<string, string> = { green: '#237804', orange: '#ad4e00', blue: '#0958d9', red: '#a8071a', purple: '#531dab', default: '#595959' };

export const solid = (colour: string): string => SOLID[colour] ?? SOLID.default;
