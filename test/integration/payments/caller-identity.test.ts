import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IamCaller } from '../../../local/http/api-gateway-event.js';
import { usePaymentsHarness } from './support/payment-tables.js';

const suite = usePaymentsHarness();

/** A session of an assumed role, as API Gateway's IAM authorizer context names it. */
function roleSession(roleId: string, sessionName: string, accountId = '111122223333'): IamCaller {
  return {
    accountId,
    callerId: `${roleId}:${sessionName}`,
    userArn: `arn:aws:sts::${accountId}:assumed-role/payments-client/${sessionName}`,
    userId: `${roleId}:${sessionName}`,
  };
}

describe('the caller is the principal unique id with its account, not the ARN', () => {
  it('owns an account opened through one role session by the role: another session of it reads the account, another role does not', async () => {
    const roleId = `AROA${randomUUID().replaceAll('-', '').slice(0, 17).toUpperCase()}`;
    const api = suite().instance();
    const opened = await api.invoke('createAccount', {
      method: 'POST',
      route: '/accounts',
      body: { currency: 'USD' },
      idempotencyKey: randomUUID(),
      caller: 'unused',
      principal: roleSession(roleId, 'client-a'),
    });
    expect(opened.status).toBe(201);
    const accountId = String(opened.body.accountId);
    suite().touch(accountId);
    // What DynamoDB holds: the account and the role's unique id, never the session or the ARN.
    expect((await suite().accountRow(accountId)).ownerId).toBe(`111122223333:${roleId}`);

    const read = (principal: IamCaller) =>
      api.invoke('getAccount', { method: 'GET', route: '/accounts/{accountId}', pathParameters: { accountId }, caller: 'unused', principal });
    expect((await read(roleSession(roleId, 'client-b'))).status).toBe(200);
    expect((await read(roleSession(roleId, 'client-a', '444455556666'))).status).toBe(404);
    const otherRole = `AROA${randomUUID().replaceAll('-', '').slice(0, 17).toUpperCase()}`;
    expect((await read(roleSession(otherRole, 'client-a'))).status).toBe(404);
  });
});
