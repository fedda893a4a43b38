import type { Config, HttpLimits } from '../config.js';

/**
 * Defaults sized for people at screens, not scripts: a caseworker opens a few dozen records a minute, so 600
 * personal-data reads a minute stops a scraper within seconds and no clerk ever meets it. Sign-in allows for a
 * shared office address (many clerks behind one NAT) while an account name gets far fewer tries.
 */
export const DEFAULT_LIMITS: HttpLimits = {
  bodyLimitBytes: 1024 * 1024,
  uploadLimitBytes: 64 * 1024 * 1024,
  signInPerSource: { max: 20, windowSeconds: 60 },
  signInPerAccount: { max: 10, windowSeconds: 60 },
  personalReadsPerUser: { max: 600, windowSeconds: 60 },
  // A resident asks for a code and types it: a handful per person; a shared address (a community centre's kiosk) more.
  residentSignInPerSource: { max: 30, windowSeconds: 60 },
  residentSignInPerIdNumber: { max: 6, windowSeconds: 60 },
};

export function httpLimits(config: Config): HttpLimits {
  return { ...DEFAULT_LIMITS, ...config.limits };
}
