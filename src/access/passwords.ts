import { dictionary } from '@zxcvbn-ts/language-common';
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

// scrypt parameters: N=2^14, r=8, p=1 — OWASP's minimum for scrypt, ~50 ms per check on this class of machine.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// The password list of zxcvbn-ts (MIT): ~49k passwords ranked by frequency in public breach corpora, a
// superset of the top-10k list the policy asks for. Loaded once; compared case-insensitively.
const breached = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/**
 * The password rule (等保 8.1.4.1a 复杂度, a documented deviation from ASVS 2.1.9): 12–128 characters, at least
 * three of lower case, upper case, digits and other characters, not a breached password, not the username.
 */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN) return `密码至少${PASSWORD_MIN}位`;
  if (password.length > PASSWORD_MAX) return `密码不能超过${PASSWORD_MAX}位`;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、其他字符中的至少三类';
  const lower = password.toLowerCase();
  if (breached.has(lower)) return '该密码出现在已泄露的常用密码列表中，请换一个';
  if (username && lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

// Unambiguous characters (no 0/O, 1/l/I) so an initial password can be read out or typed from a printout.
const INITIAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A one-time initial password: 16 random characters from all classes, shown once to the creating admin. */
export function generateInitialPassword(): string {
  for (;;) {
    const bytes = randomBytes(32);
    let out = '';
    for (const b of bytes) {
      if (b >= 224) continue; // 224 = 4 × 56: keeps the draw uniform
      out += INITIAL_ALPHABET[b % INITIAL_ALPHABET.length];
      if (out.length === 14) break;
    }
    const candidate = `${out.slice(0, 7)}-${out.slice(7)}`;
    if (out.length === 14 && passwordProblem(candidate) === null) return candidate;
  }
}
