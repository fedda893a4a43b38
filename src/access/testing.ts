// For test harnesses that mount the sign-in routes beside their own module's routes (src/assistance/testing.ts);
// not in index.ts, whose users the routes would import back through http/auth.ts.
export { accessRoutes } from './routes.js';
