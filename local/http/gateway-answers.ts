import { internalErrorProblem, Problem, problemResponse } from '../../lambda/http/problem.js';
import { httpResponseOf, type LocalHttpResponse } from './http-response-of.js';
import type { InvocationOutcome } from './instance-pool.js';

/** Receives a line for the runner's log, tagged with the instance it is about (0: the runner). */
export type RunnerLog = (instance: number, line: string) => void;

/** How API Gateway answers each way an invocation can end; what went wrong goes to the log only. */
export function answerOf(outcome: InvocationOutcome, onLog: RunnerLog): LocalHttpResponse {
  switch (outcome.kind) {
    case 'returned': {
      const response = httpResponseOf(outcome.value);
      if (response !== undefined) return response;
      onLog(outcome.instance, 'the handler returned a malformed response; answering 500 as API Gateway does');
      return internalError();
    }
    case 'threw':
      onLog(outcome.instance, `invocation failed: ${outcome.error.stack ?? `${outcome.error.name}: ${outcome.error.message}`}`);
      return internalError();
    case 'crashed':
      onLog(outcome.instance, `instance died mid-invocation (exit code ${outcome.exitCode}); a fresh one replaces it`);
      return internalError();
    case 'timed-out':
      onLog(outcome.instance, 'invocation timed out; the instance was stopped and a fresh one replaces it');
      return problemOf(503, 'service_unavailable', 'Service unavailable', 'The function did not answer in time.');
  }
}

/** The generic 500: nothing internal reaches the client. */
export function internalError(): LocalHttpResponse {
  return responseOf(internalErrorProblem());
}

/** The answer to a request whose `Host` header names neither a loopback address nor an allowed host. */
export function hostNotAllowed(): LocalHttpResponse {
  return problemOf(
    403,
    'host_not_allowed',
    'Host not allowed',
    'The Host header names neither a loopback address nor an allowed host (--allow-host); the request was refused.',
  );
}

/** A problem+json answer in the handlers' own shape (lambda/http/problem.ts). */
export function problemOf(status: number, code: string, title: string, detail: string, headers?: Record<string, string>): LocalHttpResponse {
  return responseOf(new Problem({ status, code, title, detail, ...(headers === undefined ? {} : { headers }) }));
}

function responseOf(problem: Problem): LocalHttpResponse {
  const response = httpResponseOf(problemResponse(problem));
  if (response === undefined) throw new Error('problemResponse built a malformed response');
  return response;
}
