import type { Locale } from 'antd/es/locale/index.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';

// antd ships no package "exports", so TypeScript (NodeNext) types this ES module as CommonJS and sees the
// default import as `{ default }`, while Vite hands over the locale itself. Accept both shapes.
const loaded = zhCNModule as Locale | { default: Locale };
export const antdLocale: Locale = 'locale' in loaded ? loaded : loaded.default;

dayjs.locale('zh-cn');
