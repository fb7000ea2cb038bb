import { Names, RemovalPolicy } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  type IVpc,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The port ElastiCache Serverless serves its primary (read-write) endpoint on. */
const cachePort = 6379;

/**
 * Upper bound on what the cache may hold. A full cache refuses writes; the middleware then
 * behaves as without a cache (docs/idempotency.md, "The shared cache"), so the bound caps the
 * bill, never correctness.
 */
const maxDataStorageGb = 10;

export interface IdempotencyCacheProps {
  /** Retention of the VPC flow log's log group. */
  readonly logRetention: RetentionDays;
  /**
   * The functions send trace data to X-Ray from inside the VPC: with no NAT, that needs an
   * interface endpoint (billed by the hour, so only when tracing is on).
   */
  readonly tracing: boolean;
  /** Encrypts the cache and the flow log group when the stack uses a customer-managed key. */
  readonly encryptionKey?: Key;
}

/**
 * The optional shared cache in front of the idempotency table (`cdk deploy -c cache=valkey`):
 * ElastiCache Serverless for Valkey in a VPC of its own.
 *
 * - Isolated subnets only: no internet gateway, no NAT gateway. The functions reach DynamoDB
 *   through a gateway endpoint, which is free, and X-Ray through an interface endpoint.
 * - TLS always (ElastiCache Serverless accepts nothing else), hence `rediss://`.
 * - The cache's security group admits the functions' security group on the cache port and
 *   nothing else; the functions' group may only reach the cache and HTTPS (in these subnets
 *   HTTPS can only reach the DynamoDB gateway endpoint).
 * - The cache holds copies: DynamoDB stays the truth, so no snapshots are kept.
 */
export class IdempotencyCache extends Construct {
  /**
   * Typed as the interface: with `exactOptionalPropertyTypes` the Vpc class's optional
   * `vpnGatewayId` does not match IVpc's, although every Vpc is an IVpc.
   */
  readonly vpc: IVpc;
  /** Attach a function to `vpc` with this group to let it reach the cache. */
  readonly clientSecurityGroup: SecurityGroup;
  /** What the functions get as CACHE_URL. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: IdempotencyCacheProps) {
    super(scope, id);
    const flowLogs = new LogGroup(this, 'FlowLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
      ...(props.encryptionKey === undefined ? {} : { encryptionKey: props.encryptionKey }),
    });
    const vpc = new Vpc(this, 'Vpc', {
      // ElastiCache Serverless spreads over the subnets it is given: two zones survive one.
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      gatewayEndpoints: { DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB } },
      // Rejected packets only: what a misconfigured security group looks like, at a fraction of
      // the cost of logging every accepted connection.
      flowLogs: {
        rejected: { destination: FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: FlowLogTrafficType.REJECT },
      },
    });
    this.vpc = vpc as IVpc;

    this.clientSecurityGroup = new SecurityGroup(this, 'ClientSecurityGroup', {
      vpc: this.vpc,
      description: 'Functions that use the idempotency cache',
      allowAllOutbound: false,
    });
    const cacheSecurityGroup = new SecurityGroup(this, 'CacheSecurityGroup', {
      vpc: this.vpc,
      description: 'Idempotency cache: reachable from the functions only',
      allowAllOutbound: false,
    });
    cacheSecurityGroup.addIngressRule(this.clientSecurityGroup, Port.tcp(cachePort), 'Valkey over TLS from the functions');
    this.clientSecurityGroup.addEgressRule(cacheSecurityGroup, Port.tcp(cachePort), 'Valkey over TLS');
    // The gateway endpoint has no security group and its prefix list is not known at synth in an
    // environment-agnostic stack; with no internet route, HTTPS reaches the VPC endpoints
    // (DynamoDB, and X-Ray when tracing) and nothing else.
    this.clientSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'DynamoDB and X-Ray through their VPC endpoints');

    if (props.tracing) {
      const endpointSecurityGroup = new SecurityGroup(this, 'XRayEndpointSecurityGroup', {
        vpc: this.vpc,
        description: 'X-Ray interface endpoint: reachable from the functions only',
        allowAllOutbound: false,
      });
      endpointSecurityGroup.addIngressRule(this.clientSecurityGroup, Port.tcp(443), 'Trace data from the functions');
      vpc.addInterfaceEndpoint('XRay', {
        service: InterfaceVpcEndpointAwsService.XRAY,
        securityGroups: [endpointSecurityGroup],
        open: false,
      });
    }

    const cache = new CfnServerlessCache(this, 'Cache', {
      serverlessCacheName: cacheName(this),
      description: 'Completed idempotency records and paid-order markers (copies of DynamoDB)',
      engine: 'valkey',
      majorEngineVersion: '8',
      subnetIds: vpc.isolatedSubnets.map((subnet) => subnet.subnetId),
      securityGroupIds: [cacheSecurityGroup.securityGroupId],
      cacheUsageLimits: { dataStorage: { maximum: maxDataStorageGb, unit: 'GB' } },
      snapshotRetentionLimit: 0,
      ...(props.encryptionKey === undefined ? {} : { kmsKeyId: props.encryptionKey.keyArn }),
    });
    this.url = `rediss://${cache.attrEndpointAddress}:${cache.attrEndpointPort}`;
  }
}

/**
 * A serverless cache name, unique per account and region: at most 40 lowercase letters, digits
 * and single hyphens, starting with a letter (the construct path starts with the stack name,
 * which CloudFormation requires to start with a letter).
 */
function cacheName(scope: Construct): string {
  return Names.uniqueResourceName(scope, { maxLength: 40, separator: '-' }).toLowerCase();
}
