import { text } from 'node:stream/consumers';
import { runEvaluateCli } from '../policy/cli-evaluate.js';

/** JSON on stdin, JSON on stdout; exit code 2 on bad input. Loads nothing but the policy engine. */
export async function runEvaluate(): Promise<number> {
  const input = await text(process.stdin);
  const { exitCode, stdout } = await runEvaluateCli(input);
  process.stdout.write(stdout.endsWith('\n') ? stdout : `${stdout}\n`);
  return exitCode;
}
