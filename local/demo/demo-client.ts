import { request as httpRequest } from 'node:http';

/** One request of the demo. */
export interface DemoRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly idempotencyKey?: string;
  readonly body?: Readonly<Record<string, unknown>>;
  /** Ask the runner to kill the instance right after the idempotency claim. */
  readonly crashAfterClaim?: boolean;
}

/** What came back. */
export interface DemoResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

/** Options of {@link DemoClient}. */
export interface DemoClientOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Sent as `X-Caller-Id`, so each demo run has accounts of its own. */
  readonly callerId: string;
  /** The runner's fault token; without it `crashAfterClaim` cannot be honoured. */
  readonly faultToken?: string;
  /**
   * Sends the requests instead of the global `fetch`: a SigV4-signing one for a deployed stack
   * (`npm run smoke`). @default globalThis.fetch
   */
  readonly fetch?: (input: URL, init: RequestInit) => Promise<Response>;
  /** Sees every response read in full (the e2e test checks each against openapi.json); may throw. */
  readonly onResponse?: (request: DemoRequest, response: DemoResponse) => void;
}

/** A thin HTTP client for the demo: JSON bodies, the caller header, the fault headers. */
export class DemoClient {
  readonly #options: DemoClientOptions;

  constructor(options: DemoClientOptions) {
    this.#options = options;
  }

  /** Whether the runner's fault injection can be asked for. */
  get canCrash(): boolean {
    return this.#options.faultToken !== undefined;
  }

  /**
   * Sends `request` and reads the whole response.
   *
   * @throws Error when the API cannot be reached, or `crashAfterClaim` is asked without a token.
   */
  async send(request: DemoRequest): Promise<DemoResponse> {
    const send = this.#options.fetch ?? fetch;
    const response = await send(new URL(request.path, this.#options.url), {
      method: request.method,
      headers: this.#headers(request),
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const text = await response.text();
    const answer = { status: response.status, headers: response.headers, text, json: parseObject(text) };
    this.#options.onResponse?.(request, answer);
    return answer;
  }

  /**
   * Sends `request` and hangs up as soon as it is on the wire, never reading the answer: the
   * response is lost on the way back, as on a flaky network. Resolves once the request is sent.
   */
  sendAndDropResponse(request: DemoRequest): Promise<void> {
    if (this.#options.fetch !== undefined) return this.#sendAndDiscard(request, this.#options.fetch);
    const url = new URL(request.path, this.#options.url);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(url, {
        method: request.method,
        headers: { ...this.#headers(request), ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) },
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        // Our own hang-up surfaces as a socket error once the request was sent: expected.
        if (sent) resolve();
        else reject(error);
      });
      let sent = false;
      outgoing.on('finish', () => {
        sent = true;
        // Let the bytes leave the socket buffer, then cut the connection before any answer.
        setTimeout(() => {
          outgoing.destroy();
          resolve();
        }, 5);
      });
      outgoing.end(body);
    });
  }

  /**
   * Through a custom fetch (signed requests to a deployed stack) the socket is not ours to cut:
   * the answer's body is thrown away unread as soon as its status line arrives, so the client
   * never learns what happened.
   */
  async #sendAndDiscard(request: DemoRequest, send: NonNullable<DemoClientOptions['fetch']>): Promise<void> {
    const response = await send(new URL(request.path, this.#options.url), {
      method: request.method,
      headers: this.#headers(request),
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    await response.body?.cancel();
  }

  #headers(request: DemoRequest): Record<string, string> {
    const headers: Record<string, string> = { 'x-caller-id': this.#options.callerId };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    if (request.crashAfterClaim === true) {
      if (this.#options.faultToken === undefined) throw new Error('crashAfterClaim needs the runner fault token');
      headers['x-local-fault'] = 'crash-after-claim';
      headers['x-local-fault-token'] = this.#options.faultToken;
    }
    return headers;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
