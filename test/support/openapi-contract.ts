import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Holds every response the suites receive from the local API to the committed openapi.json:
 * the operation is found by method and path, the response by status, then the media type, the
 * body (with ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses) and the headers the document names
 * are checked. A response the document does not describe is an error. The local runner's own
 * answers before routing (404 route_not_found, 405 method_not_allowed, 413 payload_too_large)
 * are the document's `components.responses` RouteNotFound, MethodNotAllowed and PayloadTooLarge.
 */

/** What the check needs of a request. */
export interface ContractRequest {
  readonly method: string;
  /** The request target: path and query. */
  readonly path: string;
}

/** What the check needs of a response. */
export interface ContractResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

interface ResponseObject {
  readonly headers?: Readonly<Record<string, HeaderObject>>;
  readonly content?: Readonly<Record<string, unknown>>;
}

interface HeaderObject {
  readonly required?: boolean;
}

interface OperationObject {
  readonly responses: Readonly<Record<string, unknown>>;
}

interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
  readonly components: { readonly responses: Readonly<Record<string, unknown>> };
}

/** Headers of the API's own vocabulary: a response may carry one only where the document says so. */
const apiHeaders = ['location', 'idempotent-replayed', 'retry-after', 'allow'];
/** What the runner answers before any route is chosen, by status. */
const runnerResponses: Readonly<Record<number, string>> = { 404: 'RouteNotFound', 405: 'MethodNotAllowed', 413: 'PayloadTooLarge' };
const documentId = 'openapi.json';

class Contract {
  readonly #document: OpenApiDocument;
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #templates: readonly { readonly template: string; readonly pattern: RegExp }[];

  constructor(document: OpenApiDocument) {
    this.#document = document;
    addFormats.default(this.#ajv);
    this.#ajv.addSchema(document, documentId);
    this.#templates = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^/}]+\}/g, '[^/]+').replace(/\//g, '\\/')}$`),
    }));
  }

  /** Why the document does not describe this exchange, or undefined when it does. */
  violation(request: ContractRequest, response: ContractResponse): string | undefined {
    const rawPath = request.path.split('?')[0] ?? '';
    const template = this.#templates.find((t) => t.pattern.test(rawPath))?.template;
    const method = request.method.toLowerCase();
    const operation = template === undefined ? undefined : this.#document.paths[template]?.[method];
    const candidates: { pointer: string[]; where: string }[] = [];
    if (operation !== undefined && template !== undefined && operation.responses[String(response.status)] !== undefined) {
      candidates.push({ pointer: ['paths', template, method, 'responses', String(response.status)], where: `${request.method} ${template} ${response.status}` });
    }
    const runner = runnerResponses[response.status];
    if (runner !== undefined) candidates.push({ pointer: ['components', 'responses', runner], where: `components.responses.${runner}` });
    if (candidates.length === 0) {
      const op = operation === undefined ? 'no operation' : `operation ${request.method} ${template ?? ''}`;
      return `${op} of openapi.json describes status ${response.status} for ${request.method} ${request.path}`;
    }
    const reasons: string[] = [];
    for (const candidate of candidates) {
      const reason = this.#mismatch(candidate.pointer, response);
      if (reason === undefined) return undefined;
      reasons.push(`${candidate.where}: ${reason}`);
    }
    return `${request.method} ${request.path} answered ${response.status} ${response.text.slice(0, 300)}\n  ${reasons.join('\n  ')}`;
  }

  #mismatch(pointer: readonly string[], response: ContractResponse): string | undefined {
    const resolvedPointer = this.#resolve(pointer);
    const object = this.#at(resolvedPointer) as ResponseObject;
    const declared = Object.fromEntries(Object.entries(object.headers ?? {}).map(([name, header]) => [name.toLowerCase(), { name, header }]));
    for (const name of apiHeaders) {
      const value = response.headers.get(name);
      const entry = declared[name];
      if (value !== null && entry === undefined) return `header ${name} is not in the document`;
    }
    for (const [lower, { name, header }] of Object.entries(declared)) {
      const value = response.headers.get(lower);
      const resolved = this.#at(this.#resolve([...resolvedPointer, 'headers', name])) as HeaderObject;
      if (value === null) {
        if (header.required === true || resolved.required === true) return `required header ${name} is missing`;
        continue;
      }
      const errors = this.#validate([...this.#resolve([...resolvedPointer, 'headers', name]), 'schema'], value);
      if (errors !== undefined) return `header ${name}: ${value}: ${errors}`;
    }
    const content = object.content;
    if (content === undefined) return response.text === '' ? undefined : 'the document describes no body';
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (content[mediaType] === undefined) return `media type "${mediaType}" is not one of ${Object.keys(content).join(', ')}`;
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return 'the body is not JSON';
    }
    const errors = this.#validate([...resolvedPointer, 'content', mediaType, 'schema'], body);
    return errors === undefined ? undefined : `body: ${errors}`;
  }

  #validate(pointer: readonly string[], value: unknown): string | undefined {
    const ref = `${documentId}#/${pointer.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
    let validate = this.#validators.get(ref);
    if (validate === undefined) {
      validate = this.#ajv.compile({ $ref: ref });
      this.#validators.set(ref, validate);
    }
    if (validate(value)) return undefined;
    return this.#ajv.errorsText(validate.errors);
  }

  /** Follows `$ref`s of the object at `pointer` to the pointer of what it names. */
  #resolve(pointer: readonly string[]): string[] {
    let current = [...pointer];
    for (let hops = 0; hops < 10; hops++) {
      const value = this.#at(current) as { $ref?: unknown } | undefined;
      if (value === undefined || typeof value.$ref !== 'string') return current;
      current = value.$ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    }
    throw new Error(`too many $ref hops from ${pointer.join('/')}`);
  }

  #at(pointer: readonly string[]): unknown {
    let value: unknown = this.#document;
    for (const part of pointer) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  }
}

let contract: Contract | undefined;

function loadedContract(): Contract {
  const file = path.resolve(import.meta.dirname, '../../openapi.json');
  contract ??= new Contract(JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument);
  return contract;
}

/** @throws Error saying what differs when openapi.json does not describe this response to this request. */
export function expectDescribedByContract(request: ContractRequest, response: ContractResponse): void {
  const violation = loadedContract().violation(request, response);
  if (violation !== undefined) throw new Error(`response not described by openapi.json: ${violation}`);
}

/** Why openapi.json does not describe this response, or undefined: for tests of the check itself. */
export function contractViolation(request: ContractRequest, response: ContractResponse): string | undefined {
  return loadedContract().violation(request, response);
}
