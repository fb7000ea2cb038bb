import type { Context } from 'aws-lambda';

/** What a simulated invocation knows about the function it runs in. */
export interface LambdaContextOptions {
  readonly functionName: string;
  readonly memoryMb: number;
  readonly awsRequestId: string;
  /** Epoch milliseconds at which the invocation times out. */
  readonly deadline: number;
  /** 1-based instance number, used in the log stream name as Lambda uses the sandbox id. */
  readonly instance: number;
}

const localAccount = '000000000000';
const localRegion = 'us-east-1';

/**
 * A Lambda `Context` for one local invocation. `getRemainingTimeInMillis()` counts down to the
 * deadline the runner enforces, so code that budgets its work on it (the idempotency lease,
 * retry loops) behaves as in AWS. The deprecated callback methods throw: nothing here uses them.
 */
export function lambdaContext(options: LambdaContextOptions): Context {
  const unsupported = (name: string) => (): never => {
    throw new Error(`context.${name}() is not supported by the local runner; return a value instead.`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${localRegion}:${localAccount}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryMb),
    awsRequestId: options.awsRequestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `local/[$LATEST]instance-${options.instance}`,
    getRemainingTimeInMillis: () => Math.max(0, options.deadline - Date.now()),
    /* eslint-disable @typescript-eslint/no-deprecated -- the Context type still requires the legacy callbacks */
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
    /* eslint-enable @typescript-eslint/no-deprecated */
  };
}
