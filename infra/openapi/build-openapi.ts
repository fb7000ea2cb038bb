import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { orderIdPattern } from '../../lambda/payments/domain/payment.js';
import { currencySchema, orderIdSchema } from '../../lambda/payments/domain/request-schemas.js';
import { type RouteContract, routeContracts } from '../definitions/route-contract.js';
import { type RouteDefinition, routes as allRoutes } from '../definitions/routes.js';
import { type ProblemCode, problemSample } from './problem-catalog.js';

/** A JSON object of the document. */
export type OpenApiObject = Record<string, unknown>;

/** What the document says about the API besides its routes. */
export interface OpenApiInfo {
  readonly version: string;
}

// `v.check` carries a function, which JSON Schema cannot say; these say what each check of the
// request schemas accepts. A new check without an entry makes the conversion throw.
const checkRules: readonly (readonly [v.GenericSchema & { readonly pipe: readonly unknown[] }, JsonSchema])[] = [
  [currencySchema, { pattern: '^[A-Z]{3}$', description: 'An active ISO 4217 currency code in upper case, e.g. "USD".' }],
  [orderIdSchema, { pattern: orderIdPattern.source, description: '1-128 characters of A-Z a-z 0-9 . _ : -, not only dots' }],
];
const checkSchemas = new Map<unknown, JsonSchema>(
  checkRules.flatMap(([schema, json]) => schema.pipe.filter((item) => isCheck(item)).map((action) => [action, json] as const)),
);

const conversion: ConversionConfig = {
  target: 'draft-2020-12',
  errorMode: 'throw',
  overrideAction: ({ valibotAction, jsonSchema }) => {
    const rule = checkSchemas.get(valibotAction);
    return rule === undefined ? undefined : { ...jsonSchema, ...rule };
  },
};

/** A valibot schema as a JSON Schema embedded in the document (no `$schema` of its own). */
export function jsonSchemaOf(schema: v.GenericSchema): OpenApiObject {
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, conversion) as OpenApiObject;
  return rest;
}

/**
 * The OpenAPI 3.1 document of the API, built from the route table (infra/definitions/routes.ts),
 * each route's contract (route-contract.ts), the valibot schemas and the problem catalogue.
 *
 * @throws Error when a route has no contract, or a schema cannot be said in JSON Schema.
 */
export function buildOpenApi(info: OpenApiInfo, routes: readonly RouteDefinition[] = allRoutes): OpenApiObject {
  const paths: Record<string, Record<string, OpenApiObject>> = {};
  for (const route of routes) {
    const contract = routeContracts[route.id];
    if (contract === undefined) throw new Error(`route ${route.id} (${route.method} ${route.path}) has no entry in route-contract.ts`);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route, contract);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Idempotent payments API',
      version: info.version,
      description:
        'Accounts, deposits, payments and refunds that never charge twice: every POST takes an `Idempotency-Key`. ' +
        'The prose contract, with the idempotency semantics, is docs/http-api.md. Errors are RFC 9457 problem details ' +
        'with a stable `code`; API Gateway\'s own 403, 429 and 503 answers are `{"message": ...}` instead (see `GatewayError`).',
    },
    servers: [
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: 'The deployed HTTP API (the stack output `ApiUrl`).',
        variables: { apiId: { default: 'abcdef1234' }, region: { default: 'us-east-1' } },
      },
    ],
    security: [{ sigv4: [] }],
    tags: [
      { name: 'Accounts', description: 'Accounts, deposits and the ledger.' },
      { name: 'Payments', description: 'Payments of orders and their refunds.' },
    ],
    paths,
    components: components(),
  };
}

function operationOf(route: RouteDefinition, contract: RouteContract): OpenApiObject {
  const parameters: OpenApiObject[] = [];
  for (const [name, schema] of Object.entries(contract.path?.entries ?? {})) {
    parameters.push({ name, in: 'path', required: true, schema: jsonSchemaOf(schema) });
  }
  for (const query of contract.query ?? []) {
    parameters.push({ name: query.name, in: 'query', required: false, description: query.description, schema: query.schema });
  }
  if (contract.idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
  return {
    operationId: contract.operationId,
    summary: contract.summary,
    description: contract.description,
    tags: [contract.tag],
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(contract.body === undefined
      ? {}
      : {
          requestBody: {
            required: contract.body.optional !== true,
            content: { 'application/json': { schema: jsonSchemaOf(contract.body.schema), example: contract.body.example } },
          },
        }),
    responses: withGatewayErrors({ ...successResponse(contract), ...problemResponses(route, contract) }),
    'x-lambda-timeout-seconds': route.timeoutSeconds,
  };
}

function successResponse(contract: RouteContract): OpenApiObject {
  const { success } = contract;
  const headers: OpenApiObject = {};
  if (success.location !== undefined) headers.Location = { ...locationHeader, required: true, example: success.location };
  if (contract.idempotent) headers['Idempotent-Replayed'] = { $ref: '#/components/headers/IdempotentReplayed' };
  return {
    [String(success.status)]: {
      description: success.description,
      ...(Object.keys(headers).length === 0 ? {} : { headers }),
      content: { 'application/json': { schema: jsonSchemaOf(success.schema), example: success.example } },
    },
  };
}

/** Codes answered before the operation runs (so never stored, never replayed). */
const preOperationCodes = new Set<ProblemCode>([
  'unauthenticated',
  'internal_error',
  'service_unavailable',
  'validation_error',
  'payload_too_large',
  'unsupported_media_type',
  'idempotency_key_missing',
  'idempotency_key_invalid',
  'idempotency_request_in_progress',
  'idempotency_key_reused',
]);

function problemResponses(route: RouteDefinition, contract: RouteContract): OpenApiObject {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of new Set(contract.problems)) {
    const { status } = problemSample(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: OpenApiObject = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const samples = codes.map((code) => ({ code, sample: problemSample(code) }));
    const headers: OpenApiObject = {};
    if (samples.some(({ sample }) => sample.headers['retry-after'] !== undefined)) headers['Retry-After'] = { $ref: '#/components/headers/RetryAfter' };
    if (contract.idempotent && codes.some((code) => !preOperationCodes.has(code))) {
      headers['Idempotent-Replayed'] = { $ref: '#/components/headers/IdempotentReplayed' };
    }
    responses[String(status)] = {
      description: `${codes.map((code) => `\`${code}\``).join(', ')} (${route.method} ${route.path})`,
      ...(Object.keys(headers).length === 0 ? {} : { headers }),
      content: {
        'application/problem+json': {
          schema: problemSchema(status, codes),
          examples: Object.fromEntries(samples.map(({ code, sample }) => [code, { summary: String(sample.body.title), value: sample.body }])),
        },
      },
    };
  }
  return responses;
}

/**
 * API Gateway's own answers, which reach a client before (or instead of) any function: 403 and
 * 429 as their own responses, and a 503 that may be either the function's problem or API
 * Gateway's `{"message"}`, told apart by the media type.
 */
function withGatewayErrors(responses: OpenApiObject): OpenApiObject {
  const gatewayBody = { schema: { $ref: '#/components/schemas/GatewayError' }, example: { message: 'Service Unavailable' } };
  const unavailable = responses['503'] as { content: OpenApiObject } | undefined;
  return {
    ...responses,
    '403': { $ref: '#/components/responses/GatewayError' },
    '429': { $ref: '#/components/responses/GatewayError' },
    ...(unavailable === undefined ? {} : { '503': { ...unavailable, content: { ...unavailable.content, 'application/json': gatewayBody } } }),
  };
}

const problemMembers = new Set(['type', 'title', 'status', 'detail', 'code']);

/** The problem+json body of `codes` at `status`: the RFC 9457 members, `code` as an enum, and the codes' own members. */
export function problemSchema(status: number, codes: readonly ProblemCode[]): OpenApiObject {
  const extensions: Record<string, OpenApiObject> = {};
  for (const code of codes) {
    for (const [name, value] of Object.entries(problemSample(code).body)) {
      if (problemMembers.has(name)) continue;
      extensions[name] = name === 'errors' ? { type: 'array', items: { $ref: '#/components/schemas/FieldError' } } : { type: Number.isInteger(value) ? 'integer' : typeof value };
    }
  }
  return {
    type: 'object',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', description: 'URI reference of the problem type, one per `code`: `/docs/problems#<code>`, its documentation (resolved against the API origin).' },
      title: { type: 'string' },
      status: { const: status },
      detail: { type: 'string' },
      code: { enum: [...codes] },
      ...extensions,
    },
    additionalProperties: false,
  };
}

const locationHeader = { description: 'Path of the created resource.', schema: { type: 'string', pattern: '^/' } };
const allowHeader = { description: 'The methods the path accepts.', schema: { type: 'string' } };

function components(): OpenApiObject {
  const runnerSample = (code: ProblemCode) => problemSample(code).body;
  return {
    securitySchemes: {
      sigv4: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description:
          'AWS Signature Version 4 for the `execute-api` service (IAM authorization of the HTTP API): sign every request with ' +
          'credentials allowed `execute-api:Invoke`. The local runner takes no signature; its caller is the `X-Caller-Id` header.',
        'x-amazon-apigateway-authtype': 'awsSigv4',
      },
    },
    parameters: {
      IdempotencyKey: {
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        description:
          'Unique per operation; 1-255 visible ASCII characters, optionally as a structured-field string in double quotes. ' +
          'Retry with the same key and body to get the stored response (`Idempotent-Replayed: true`).',
        schema: { type: 'string', minLength: 1, maxLength: 257 },
        example: '8e0f1b6c-3c1e-4a51-9a57-0d4c6a2b9f10',
      },
    },
    headers: {
      IdempotentReplayed: {
        description: 'Present, as `true`, when the response is the stored response of an earlier request with this key.',
        schema: { const: 'true' },
      },
      RetryAfter: { description: 'Whole seconds to wait before retrying with the same key.', schema: { type: 'string', pattern: '^[0-9]+$' } },
    },
    schemas: {
      FieldError: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'Dotted path of the field; empty for the body itself.' },
          message: { type: 'string' },
        },
        additionalProperties: false,
      },
      GatewayError: {
        type: 'object',
        required: ['message'],
        properties: { message: { type: 'string' } },
        description:
          'API Gateway\'s own answer, before any function runs: 403 (signature or permission), 429 (throttled), 503/504 (unavailable). ' +
          'Not problem+json. Retry a 429 or 503 with the same Idempotency-Key; a 403 will not go away by retrying.',
      },
    },
    responses: {
      GatewayError: {
        description: 'API Gateway\'s own error (403, 429, 503): `{"message": ...}`, Content-Type application/json.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/GatewayError' }, example: { message: 'Forbidden' } } },
      },
      HostNotAllowed: {
        description: 'Local runner only: the Host header names neither a loopback address nor an allowed host (a defence against DNS rebinding).',
        content: { 'application/problem+json': { schema: problemSchema(403, ['host_not_allowed']), example: runnerSample('host_not_allowed') } },
      },
      RouteNotFound: {
        description: 'Local runner only: no route matches (API Gateway answers `{"message":"Not Found"}`).',
        content: { 'application/problem+json': { schema: problemSchema(404, ['route_not_found']), example: runnerSample('route_not_found') } },
      },
      MethodNotAllowed: {
        description: 'Local runner only: the path exists with other methods, listed in `Allow`.',
        headers: { Allow: { ...allowHeader, required: true } },
        content: { 'application/problem+json': { schema: problemSchema(405, ['method_not_allowed']), example: runnerSample('method_not_allowed') } },
      },
      PayloadTooLarge: {
        description: 'Local runner only: the body is over API Gateway\'s 10 MiB, refused before routing.',
        content: { 'application/problem+json': { schema: problemSchema(413, ['payload_too_large']), example: runnerSample('payload_too_large') } },
      },
    },
  };
}

function isCheck(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'type' in item && item.type === 'check';
}
