/**
 * What the request log may say about a request. Query strings carry search terms, and a search term can be a
 * citizen's ID number (`GET /persons?q=<18 digits>`): the log keeps the parameter names, never their values,
 * and an ID number in the path (or anywhere in the URL) is masked. Bodies are never logged.
 */
import type { FastifyRequest } from 'fastify';

/** GB 11643: 17 digits and a check character; also the 15-digit form of older cards. */
const ID_NUMBER = /(?<![0-9])([0-9]{6})[0-9]{8,11}([0-9Xx])(?![0-9])/g;

export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  const path = (at < 0 ? url : url.slice(0, at)).replace(ID_NUMBER, '$1********$2');
  if (at < 0) return path;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0].replace(ID_NUMBER, '$1********$2')}=…`);
  return `${path}?${names.join('&')}`;
}

/** pino serializers for Fastify's request log lines. */
export const requestLogSerializers = {
  req(request: FastifyRequest) {
    return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
  },
};
