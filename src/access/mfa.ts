import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey, purposeKeys } from '../kernel/keyring.js';
import { generateSecret, generateURI, verify } from 'otplib';
import { renderSVG } from 'uqr';

const ISSUER = '民政平台';

// The TOTP secret is kept under its own key derived from the installation key, so a database dump alone
// cannot mint codes. During a key rotation a secret sealed under a previous key still opens.
const TOTP_PURPOSE = 'minzheng/totp-secret';

export function sealSecret(installationKey: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(installationKey, TOTP_PURPOSE), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/** The secret, and whether it was sealed under a previous key (the rotation's question). */
export function openSealedSecret(installationKey: Buffer, sealed: string): { secret: string; stale: boolean } {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !tag) throw new Error('unknown TOTP secret format');
  const keys = purposeKeys(installationKey, TOTP_PURPOSE);
  for (let i = 0; i < keys.length; i++) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', keys[i] as Buffer, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return { secret: Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8'), stale: i > 0 };
    } catch {
      // not this key: try the next one
    }
  }
  throw new Error('TOTP secret opens with none of the configured keys');
}

export function openSecret(installationKey: Buffer, sealed: string): string {
  return openSealedSecret(installationKey, sealed).secret;
}

export interface Enrolment {
  secret: string;
  otpauthUri: string;
  /** The URI as a QR code (SVG markup), for authenticator apps. */
  qrSvg: string;
}

export function newEnrolment(username: string): Enrolment {
  const secret = generateSecret();
  const otpauthUri = generateURI({ issuer: ISSUER, label: username, secret });
  return { secret, otpauthUri, qrSvg: renderSVG(otpauthUri) };
}

/**
 * Checks a code against the secret, one step of clock drift either way. `afterStep` is the last step
 * accepted: a code of that step or earlier is a replay, refused even when it is the right code.
 */
export async function checkTotp(secret: string, code: string, afterStep: number | null): Promise<{ ok: true; step: number } | { ok: false; reason: 'wrong' | 'replay' }> {
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'wrong' };
  const result = await verify({ secret, token: code, epochTolerance: 30 });
  if (!result.valid || !('timeStep' in result)) return { ok: false, reason: 'wrong' };
  const step = result.timeStep as number;
  if (afterStep !== null && step <= afterStep) return { ok: false, reason: 'replay' };
  return { ok: true, step };
}
