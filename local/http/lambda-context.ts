import type { Context } from 'aws-lambda';

/** What a simulated invocation knows about the function it runs in. */
export interface LambdaContextOptions {
  readonly functionName: string;
  readonly memoryMb: number;
  readonly awsRequestId: string;
  /** Epoch milliseconds, on `clock`, at which the invocation times out. */
  readonly deadline: number;
  /**
   * The clock `getRemainingTimeInMillis()` counts down on. @default Date.now. A test whose code
   * under test runs on a hand-moved clock passes a clock that stands still, so the remaining
   * time stays what the test chose.
   */
  readonly clock?: () => number;
  /** 1-based instance number, used in the log stream name as Lambda uses the sandbox id. */
  readonly instance: number;
}

const localAccount = '000000000000';
const localRegion = 'us-east-1';

/**
 * A Lambda `Context` for one local invocation. `getRemainingTimeInMillis()` counts down to the
 * deadline the runner enforces, so code that budgets its work on it (the idempotency lease,
 * retry loops) behaves as in AWS. The deprecated callback methods throw: nothing here uses them.
 * The runner, the in-process invoker and the tests all build their contexts here.
 */
export function lambdaContext(options: LambdaContextOptions): Context {
  const clock = options.clock ?? Date.now;
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
    getRemainingTimeInMillis: () => Math.max(0, options.deadline - clock()),
    /* eslint-disable @typescript-eslint/no-deprecated -- the Context type still requires the legacy callbacks */
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
    /* eslint-enable @typescript-eslint/no-deprecated */
  };
}
