/**
 * A server process for process-guard.test.ts: the guard installed as `serve` installs it, then three errors
 * escape every handler (a throw in a timer, a rejection nobody awaits, an 'error' event nobody listens to —
 * what a pg Client does when its connection is ended). It keeps serving and says how many it caught.
 */
import { EventEmitter } from 'node:events';
import Fastify from 'fastify';
import { escapedErrorCount, installProcessGuard } from './process-guard.js';

const app = Fastify();
app.get('/healthz', async () => ({ status: 'ok', escaped: escapedErrorCount() }));
installProcessGuard({ error: (details, message) => process.stderr.write(`${message} ${details.kind} ${details.escaped}\n`) });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
setTimeout(() => {
  throw new Error('escaped from a timer');
}, 10);
void Promise.reject(new Error('nobody awaited this'));
setTimeout(() => new EventEmitter().emit('error', new Error('terminating connection due to administrator command')), 20);
setTimeout(() => process.stdout.write(`${address}\n`), 100);
