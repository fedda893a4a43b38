import type { AppInstance } from '../http/app.js';
import type { EldercareDeps } from './deps.js';

export async function mealRoutes(_app: AppInstance, _deps: EldercareDeps): Promise<void> {}
