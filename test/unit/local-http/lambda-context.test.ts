import { describe, expect, it } from 'vitest';
import { lambdaContext } from '../../../local/http/lambda-context.js';

const options = { functionName: 'local-CreatePayment', memoryMb: 512, awsRequestId: 'req-1', instance: 2 };

describe('lambdaContext', () => {
  it('counts the remaining time down to the deadline on its clock, never below 0', () => {
    let now = 1_000;
    const context = lambdaContext({ ...options, deadline: 4_000, clock: () => now });
    expect(context.getRemainingTimeInMillis()).toBe(3_000);
    now = 3_500;
    expect(context.getRemainingTimeInMillis()).toBe(500);
    now = 5_000;
    expect(context.getRemainingTimeInMillis()).toBe(0);
  });

  it('names the function, its log group and the instance as Lambda would', () => {
    const context = lambdaContext({ ...options, deadline: Date.now() + 1_000 });
    expect(context).toMatchObject({
      functionName: 'local-CreatePayment',
      memoryLimitInMB: '512',
      awsRequestId: 'req-1',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:local-CreatePayment',
      logGroupName: '/aws/lambda/local-CreatePayment',
      logStreamName: 'local/[$LATEST]instance-2',
    });
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(1_000);
  });
});
