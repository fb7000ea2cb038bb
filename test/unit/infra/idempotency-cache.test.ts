import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../infra/definitions/routes.js';
import type { PaymentsStack } from '../../../infra/payments-stack.js';
import { bundledCodeOf, type Resources, resourcesOf, synthPaymentsStack } from './support/synth.js';

type Properties = Record<string, unknown>;

// Each synth bundles seven functions with esbuild: two shapes, synthesized once each.
let withCache: Template;
let withCacheStack: PaymentsStack;
let withCacheUntraced: Template;

beforeAll(() => {
  ({ stack: withCacheStack, template: withCache } = synthPaymentsStack({ cache: 'valkey', cacheTimeoutMs: 25 }));
  withCacheUntraced = synthPaymentsStack({ cache: 'valkey', tracing: false }).template;
}, 240_000);

const idempotentRoutes = routes.filter((route) => route.grants.some((grant) => grant.table === 'idempotency'));
const otherRoutes = routes.filter((route) => !idempotentRoutes.includes(route));

function only(resources: Resources): Properties {
  const all = Object.values(resources);
  expect(all).toHaveLength(1);
  return all[0]?.Properties ?? {};
}

function functionNamed(template: Template, description: string): Properties {
  const fn = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).find((f) => f.Properties?.Description === description);
  expect(fn, description).toBeDefined();
  return fn?.Properties ?? {};
}

function variablesOf(fn: Properties): Record<string, unknown> {
  return (fn.Environment as { Variables: Record<string, unknown> }).Variables;
}

/** The logical id a `{ "Fn::GetAtt": [id, attribute] }` or `{ Ref: id }` points at. */
function target(reference: unknown): string | undefined {
  const value = reference as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
  return value['Fn::GetAtt']?.[0] ?? value.Ref;
}

function logicalIdOf(template: Template, type: string, description: string): string {
  const entry = Object.entries(resourcesOf(template, type)).find(([, r]) => r.Properties?.GroupDescription === description);
  expect(entry, description).toBeDefined();
  return entry?.[0] ?? '';
}

describe('the payments stack with -c cache=valkey (without it, see payments-stack.test.ts)', () => {
  it('provisions one ElastiCache Serverless cache for Valkey with no snapshots', () => {
    const cache = only(resourcesOf(withCache, 'AWS::ElastiCache::ServerlessCache'));
    expect(cache.Engine).toBe('valkey');
    expect(cache.SnapshotRetentionLimit).toBe(0);
    expect(cache.SubnetIds).toHaveLength(2);
    expect(cache.ServerlessCacheName).toMatch(/^[a-z][a-z0-9-]{0,39}$/);
  });

  it('builds a VPC of isolated subnets: no internet gateway, no NAT, a DynamoDB gateway endpoint', () => {
    expect(Object.keys(resourcesOf(withCache, 'AWS::EC2::VPC'))).toHaveLength(1);
    expect(resourcesOf(withCache, 'AWS::EC2::InternetGateway')).toEqual({});
    expect(resourcesOf(withCache, 'AWS::EC2::NatGateway')).toEqual({});
    // A route to anywhere would mean a way out; isolated subnets have only the local route.
    expect(resourcesOf(withCache, 'AWS::EC2::Route')).toEqual({});
    for (const subnet of Object.values(resourcesOf(withCache, 'AWS::EC2::Subnet'))) {
      expect(subnet.Properties?.MapPublicIpOnLaunch).toBe(false);
    }
    const endpoints = Object.values(resourcesOf(withCache, 'AWS::EC2::VPCEndpoint')).map((e) => e.Properties ?? {});
    const gateway = endpoints.filter((e) => e.VpcEndpointType === 'Gateway');
    expect(gateway).toHaveLength(1);
    expect(JSON.stringify(gateway[0]?.ServiceName)).toContain('.dynamodb');
    expect(Object.keys(resourcesOf(withCache, 'AWS::EC2::FlowLog'))).toHaveLength(1);
  });

  it('adds an X-Ray interface endpoint only when tracing is on', () => {
    const interfaces = (t: Template) =>
      Object.values(resourcesOf(t, 'AWS::EC2::VPCEndpoint'))
        .map((e) => e.Properties ?? {})
        .filter((e) => e.VpcEndpointType === 'Interface');
    expect(interfaces(withCache)).toHaveLength(1);
    expect(JSON.stringify(interfaces(withCache)[0]?.ServiceName)).toContain('.xray');
    expect(interfaces(withCacheUntraced)).toHaveLength(0);
  });

  it('admits only the functions to the cache, on the cache port', () => {
    const cacheGroup = logicalIdOf(withCache, 'AWS::EC2::SecurityGroup', 'Idempotency cache: reachable from the functions only');
    const clientGroup = logicalIdOf(withCache, 'AWS::EC2::SecurityGroup', 'Functions that use the idempotency cache');
    const cache = only(resourcesOf(withCache, 'AWS::ElastiCache::ServerlessCache'));
    expect((cache.SecurityGroupIds as unknown[]).map(target)).toEqual([cacheGroup]);
    const ingressToCache = Object.values(resourcesOf(withCache, 'AWS::EC2::SecurityGroupIngress'))
      .map((r) => r.Properties ?? {})
      .filter((r) => target(r.GroupId) === cacheGroup);
    expect(ingressToCache).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379 })]);
    expect(target(ingressToCache[0]?.SourceSecurityGroupId)).toBe(clientGroup);
    const inline = resourcesOf(withCache, 'AWS::EC2::SecurityGroup')[cacheGroup]?.Properties?.SecurityGroupIngress;
    expect(inline).toBeUndefined();
  });

  it.each(idempotentRoutes.map((route) => `${route.method} ${route.path}`))(
    '%s runs in the isolated subnets with the client group and learns the cache endpoint',
    (description) => {
      const fn = functionNamed(withCache, description);
      const vpcConfig = fn.VpcConfig as { SecurityGroupIds: unknown[]; SubnetIds: unknown[] };
      const clientGroup = logicalIdOf(withCache, 'AWS::EC2::SecurityGroup', 'Functions that use the idempotency cache');
      expect(vpcConfig.SecurityGroupIds.map(target)).toEqual([clientGroup]);
      expect(vpcConfig.SubnetIds).toHaveLength(2);
      const variables = variablesOf(fn);
      const url = JSON.stringify(variables.CACHE_URL);
      expect(url).toContain('rediss://');
      expect(url).toContain('Endpoint.Address');
      expect(variables.CACHE_TIMEOUT_MS).toBe('25');
      expect(variables.CACHE_CLUSTER_MODE).toBe('true');
    },
  );

  it('bundles the cache client (iovalkey, with its cluster client) into the functions that use the cache', () => {
    const code = bundledCodeOf(withCacheStack, withCache, 'POST /payments');
    expect(code).not.toMatch(/from\s*"iovalkey"|import\(\s*"iovalkey"\s*\)/);
    expect(code).toContain('None of startup nodes is available');
    expect(code).toContain('paid-order:');
    expect(code).toContain('idempotency:${');
  });

  it('adds three alarms on the cache to the 22 of the stack: unreachable, timeouts, and any entry the functions did not write', () => {
    type Alarm = { Threshold: number; EvaluationPeriods: number; Metrics?: { MetricStat?: { Metric: { MetricName: string } } }[] };
    const alarms = Object.values(resourcesOf(withCache, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties as unknown as Alarm);
    expect(alarms).toHaveLength(25);
    const watching = (names: readonly string[]): Alarm[] =>
      alarms.filter((a) => {
        const watched = a.Metrics?.flatMap((m) => (m.MetricStat === undefined ? [] : [m.MetricStat.Metric.MetricName])) ?? [];
        return watched.length === names.length * idempotentRoutes.length && names.every((name) => watched.includes(name)) && watched.every((name) => names.includes(name));
      });
    for (const names of [['CacheUnavailable', 'CacheError'], ['CacheTimeout']]) {
      const matching = watching(names);
      expect(matching, names.join()).toHaveLength(1);
      expect(matching[0]?.Threshold).toBe(20);
      expect(matching[0]?.EvaluationPeriods).toBe(3);
    }
    const unexpected = watching(['CacheCorruptEntry', 'CacheForeignEntry']);
    expect(unexpected).toHaveLength(1);
    expect(unexpected[0]?.Threshold).toBe(1);
    expect(unexpected[0]?.EvaluationPeriods).toBe(1);
  });

  it('has a runbook entry in docs/operations.md for every alarm of this, the fullest shape', () => {
    const runbook = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
    const headings = runbook.split('\n').filter((line) => line.startsWith('### ')).flatMap((line) => line.slice(4).split(', '));
    expect([...withCacheStack.monitoring.alarms.keys()].filter((name) => !headings.includes(name))).toEqual([]);
  });

  it.each(otherRoutes.map((route) => `${route.method} ${route.path}`))('%s stays outside the VPC and knows no cache', (description) => {
    const fn = functionNamed(withCache, description);
    expect(fn.VpcConfig).toBeUndefined();
    expect(variablesOf(fn)).not.toHaveProperty('CACHE_URL');
  });
});
