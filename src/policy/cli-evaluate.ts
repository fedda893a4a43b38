/**
 * `minzheng evaluate`: one evaluate request as JSON on stdin, the decision as JSON on stdout. Errors are
 * JSON `{code, message}` with exit code 2, so scripts can tell a refused input from a crash of the shell.
 * Imports only the pack and the pure engine (no database, no HTTP), so start-up stays well under 2 s.
 */
import { DomainError } from '../kernel/index.js';
import { evaluateRequest } from '../policies/shanghai/index.js';

export interface CliOutcome {
  readonly exitCode: number;
  readonly stdout: string;
}

const failure = (code: string, message: string): CliOutcome => ({ exitCode: 2, stdout: `${JSON.stringify({ code, message })}\n` });

export async function runEvaluateCli(stdin: string): Promise<CliOutcome> {
  let input: unknown;
  try {
    input = JSON.parse(stdin);
  } catch (error) {
    return failure('POLICY_INVALID_JSON', `输入不是合法的 JSON：${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return { exitCode: 0, stdout: `${JSON.stringify(evaluateRequest(input), null, 2)}\n` };
  } catch (error) {
    if (error instanceof DomainError) return failure(error.code, error.message);
    return failure('INTERNAL_ERROR', `内部错误：${error instanceof Error ? error.message : String(error)}`);
  }
}
