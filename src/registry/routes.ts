import type { AppInstance } from '../http/app.js';
import type { AppContext } from '../context.js';

// Placeholder until the registry routes land.
export async function registryRoutes(_app: AppInstance, _ctx: AppContext): Promise<void> {}
