import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { callerOf } from '../../../lambda/http/caller.js';

type IamContext = APIGatewayProxyEventV2WithIAMAuthorizer['requestContext']['authorizer']['iam'];

// The shape of API Gateway HTTP API (payload 2.0) IAM authorizer contexts, per principal kind.
const aliceUser: IamContext = {
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  accountId: '111122223333',
  callerId: 'AIDAJQABLZS4A3QDU576Q',
  cognitoIdentity: null,
  principalOrgId: 'o-a1b2c3d4e5',
  userArn: 'arn:aws:iam::111122223333:user/alice',
  userId: 'AIDAJQABLZS4A3QDU576Q',
};

function session(name: string, roleId = 'AROA3XFRBF535PLBIFPI4', accountId = '111122223333'): IamContext {
  return {
    accessKey: 'ASIAIOSFODNN7EXAMPLE',
    accountId,
    callerId: `${roleId}:${name}`,
    cognitoIdentity: null,
    principalOrgId: 'o-a1b2c3d4e5',
    userArn: `arn:aws:sts::${accountId}:assumed-role/payments-client/${name}`,
    userId: `${roleId}:${name}`,
  };
}

function eventOf(iam: Partial<IamContext>): APIGatewayProxyEventV2WithIAMAuthorizer {
  return { requestContext: { authorizer: { iam } } } as unknown as APIGatewayProxyEventV2WithIAMAuthorizer;
}

describe('callerOf', () => {
  it('names an IAM user by its account and unique id, not its ARN', () => {
    expect(callerOf(eventOf(aliceUser))).toBe('111122223333:AIDAJQABLZS4A3QDU576Q');
  });

  it('names an assumed role by the role unique id, whatever session name the assumer chose', () => {
    expect(callerOf(eventOf(session('client-a')))).toBe('111122223333:AROA3XFRBF535PLBIFPI4');
    expect(callerOf(eventOf(session('client-b')))).toBe(callerOf(eventOf(session('client-a'))));
  });

  it('tells apart a user re-created under the same name (a new unique id) and the same ids in another account', () => {
    const recreated = { ...aliceUser, userId: 'AIDAEXAMPLENEWID00001', callerId: 'AIDAEXAMPLENEWID00001' };
    expect(callerOf(eventOf(recreated))).not.toBe(callerOf(eventOf(aliceUser)));
    expect(callerOf(eventOf(session('x', 'AROA3XFRBF535PLBIFPI4', '444455556666')))).not.toBe(callerOf(eventOf(session('x'))));
  });

  it.each([
    ['no authorizer', {}],
    ['no account id', { userId: 'AIDAJQABLZS4A3QDU576Q', userArn: aliceUser.userArn }],
    ['no unique id, only an ARN', { accountId: '111122223333', userArn: aliceUser.userArn }],
    ['an empty unique id before the session', { accountId: '111122223333', userId: ':session' }],
  ])('refuses a request with %s as 401 unauthenticated', (_label, iam) => {
    expect(() => callerOf(eventOf(iam))).toThrow(expect.objectContaining({ code: 'unauthenticated', status: 401 }));
  });
});
