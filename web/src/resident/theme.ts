import type { ThemeConfig } from 'antd';
import { FONT_FAMILY } from '../font.js';
import type { DisplayPreferences } from './preferences.js';

/**
 * The resident pages' theme. Grey helper text is darkened to meet WCAG AA contrast (4.5:1) on white: antd's
 * default description grey (45 % black) reads too faint for older eyes on a phone in daylight. Large text
 * and the kiosk raise the base size and the tap targets (a kiosk is used standing, often by older people).
 */
export function residentTheme({ largeText, kiosk }: DisplayPreferences): ThemeConfig {
  const fontSize = kiosk ? 22 : largeText ? 20 : 16;
  const controlHeight = kiosk ? 60 : largeText ? 52 : 44;
  return {
    token: {
      colorPrimary: '#b3141a',
      colorLink: '#b3141a',
      // antd's default red (#ff4d4f) on white is 3.3:1: danger buttons and errors take a darker red (5.6:1).
      colorError: '#cf1322',
      colorTextSecondary: 'rgba(0, 0, 0, 0.7)',
      colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
      colorTextDescription: 'rgba(0, 0, 0, 0.65)',
      colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
      borderRadius: 8,
      fontFamily: FONT_FAMILY,
      fontSize,
      controlHeight,
      controlHeightLG: controlHeight + 8,
      lineHeight: 1.6,
    },
    components: {
      Tag: { defaultColor: 'rgba(0, 0, 0, 0.85)' },
    },
  };
}
