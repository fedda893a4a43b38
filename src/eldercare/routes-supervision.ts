import type { AppInstance } from '../http/app.js';
import type { EldercareDeps } from './deps.js';

export async function supervisionRoutes(_app: AppInstance, _deps: EldercareDeps): Promise<void> {}
