import type { RouteDefinition } from '../../infra/definitions/routes.js';

/** The outcome of matching a request line against the route table. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: RouteDefinition; readonly pathParameters: Readonly<Record<string, string>> }
  /** Some route has this path, none with this method; `allowed` lists the methods that exist. */
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

/**
 * Finds the route for `method` and the raw (still percent-encoded) `path`, as API Gateway does
 * for an HTTP API without a `$default` route: a `{name}` segment matches exactly one non-empty
 * segment, literal segments match exactly (case-sensitively), and a trailing slash is a
 * different path. Path parameters are percent-decoded; a malformed escape is kept as sent.
 */
export function matchRoute(routes: readonly RouteDefinition[], method: string, path: string): RouteMatch {
  const segments = path.split('/');
  const allowed: string[] = [];
  for (const route of routes) {
    const pathParameters = matchPath(route.path.split('/'), segments);
    if (pathParameters === undefined) continue;
    if (route.method === method) return { kind: 'found', route, pathParameters };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}

function matchPath(template: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const segment = segments[index] ?? '';
    const name = /^\{([A-Za-z0-9_]+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (part !== segment) return undefined;
      continue;
    }
    if (segment === '') return undefined;
    parameters[name] = decodeSegment(segment);
  }
  return parameters;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
