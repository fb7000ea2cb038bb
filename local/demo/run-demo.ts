import { randomUUID } from 'node:crypto';
import { DemoClient, type DemoClientOptions, type DemoRequest, type DemoResponse } from './demo-client.js';
import { type StepRow, stepTable } from './step-table.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Base URL of a running local API. */
  readonly url: string;
  /** The runner's fault token (story 5); without it story 5 is skipped, loudly. */
  readonly faultToken?: string;
  /** Caller of every request. @default a fresh `demo-<random>` per run, so runs never mix */
  readonly callerId?: string;
  /** Where the tables and verdicts go. @default console.log */
  readonly print?: (text: string) => void;
  /** Longest wait for an abandoned claim's lease to run out (story 5). @default 120_000 ms */
  readonly maxLeaseWaitMs?: number;
  /** Sends the requests (a SigV4-signing fetch for a deployed stack). @default globalThis.fetch */
  readonly fetch?: DemoClientOptions['fetch'];
  /** Sees every response read in full; what it throws fails the story. @default nothing */
  readonly onResponse?: DemoClientOptions['onResponse'];
  /**
   * How long the API keeps a completed idempotency key (IDEMPOTENCY_RETENTION_SECONDS). Story 6
   * waits that long for a key to expire, so it runs only when this is known and short (at most
   * 60 s); otherwise it is skipped, loudly.
   */
  readonly keyRetentionSeconds?: number;
  /** Why story 5 is skipped when there is no fault token. @default how to turn the runner's fault injection on */
  readonly crashSkipReason?: string;
}

/** How one story ended. */
export interface StoryResult {
  readonly title: string;
  readonly outcome: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped. */
  readonly reason?: string;
}

/** How the whole demo ended: `passed` is true only when no story failed. */
export interface DemoReport {
  readonly stories: readonly StoryResult[];
  readonly passed: boolean;
}

/** A story did not end as described; the message says what differed. */
export class DemoCheckError extends Error {
  override readonly name = 'DemoCheckError';
  readonly code = 'demo_check_failed';
}

const currency = 'USD';
const opening = 10_000;

/**
 * Drives a running local API through the six failure stories of the project's issue, printing
 * a table per story (what was sent, what came back, whether it was replayed, the balance after)
 * and checking that each story ends as described: balances, ledger entries and the payment
 * record read back through the API. Never throws for a failed story: the report says.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const print =
    options.print ??
    ((text: string) => {
      console.log(text);
    });
  const client = new DemoClient({
    url: options.url,
    callerId: options.callerId ?? `demo-${randomUUID().slice(0, 8)}`,
    ...(options.faultToken === undefined ? {} : { faultToken: options.faultToken }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
  });
  const maxLeaseWaitMs = options.maxLeaseWaitMs ?? 120_000;
  const run = randomUUID().slice(0, 8);

  const stories: [string, (story: Story) => Promise<void>][] = [
    ['1. The charge succeeds but the response is lost; the client retries with the same key', (s) => lostResponse(s)],
    ['2. A double click: two concurrent requests with one key land on different instances', (s) => doubleClick(s)],
    ['3. The client retries with a fresh key for the same order', (s) => freshKeySameOrder(s)],
    ['4. The same key with another amount', (s) => sameKeyOtherAmount(s)],
    ['5. An instance dies after claiming the key', (s) => instanceDies(s, maxLeaseWaitMs)],
    ['6. A deposit is retried after its idempotency key expired', (s) => depositAfterKeyExpired(s, options.keyRetentionSeconds ?? 0)],
  ];
  const keyExpiryStory = 5;

  const results: StoryResult[] = [];
  for (const [index, [title, play]] of stories.entries()) {
    print(`\n${title}`);
    if (index === 4 && !client.canCrash) {
      const reason =
        options.crashSkipReason ??
        'needs the runner fault injection: start the API with LOCAL_FAULT_TOKEN=<secret> and give the demo the same ' +
          'LOCAL_FAULT_TOKEN, or run `npm run demo -- --self-host`';
      print(`SKIPPED: ${reason}`);
      results.push({ title, outcome: 'skipped', reason });
      continue;
    }
    if (index === keyExpiryStory && !((options.keyRetentionSeconds ?? 0) > 0 && (options.keyRetentionSeconds ?? 0) <= 60)) {
      const reason =
        'needs an API that forgets completed keys within a minute: start it with IDEMPOTENCY_RETENTION_SECONDS=10 and give the demo ' +
        'the same IDEMPOTENCY_RETENTION_SECONDS, or run `npm run demo -- --self-host`';
      print(`SKIPPED: ${reason}`);
      results.push({ title, outcome: 'skipped', reason });
      continue;
    }
    const story = new Story(client, `${run}-${index + 1}`);
    try {
      await play(story);
      print(stepTable(story.rows));
      print(`PASSED: ${story.verdict}`);
      results.push({ title, outcome: 'passed' });
    } catch (error) {
      print(stepTable(story.rows));
      const reason = error instanceof Error ? error.message : String(error);
      print(`FAILED: ${reason}`);
      results.push({ title, outcome: 'failed', reason });
    }
  }
  const passed = results.every((r) => r.outcome !== 'failed');
  const count = (outcome: StoryResult['outcome']): number => results.filter((r) => r.outcome === outcome).length;
  print(`\n${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
  return { stories: results, passed };
}

/** One story's account, its table rows, and the checks it makes. */
class Story {
  readonly rows: StepRow[] = [];
  verdict = '';
  accountId = '';
  #step = 0;

  constructor(
    readonly client: DemoClient,
    readonly id: string,
  ) {}

  key(name: string): string {
    return `key-${this.id}-${name}`;
  }

  order(name: string): string {
    return `order-${this.id}-${name}`;
  }

  /** Creates the story's account and deposits the opening balance. */
  async open(): Promise<void> {
    const created = await this.send({ method: 'POST', path: '/accounts', idempotencyKey: this.key('account'), body: { currency } }, { balance: false });
    expectStatus(created, 201, 'creating the account');
    this.accountId = stringField(created, 'accountId');
    const deposit = await this.send({
      method: 'POST',
      path: `/accounts/${this.accountId}/deposits`,
      idempotencyKey: this.key('deposit'),
      body: { amount: opening, currency, reference: this.key('opening-wire') },
    });
    expectStatus(deposit, 201, 'the opening deposit');
  }

  pay(key: string, orderId: string, amount: number, extra: Partial<DemoRequest> = {}): DemoRequest {
    return { method: 'POST', path: '/payments', idempotencyKey: key, body: { orderId, accountId: this.accountId, amount, currency }, ...extra };
  }

  /** Sends a request and records it as a row, with the balance read after it. */
  async send(request: DemoRequest, options: { balance?: boolean; note?: string } = {}): Promise<DemoResponse> {
    const response = await this.client.send(request);
    await this.record(request, response, options);
    return response;
  }

  /** Sends several requests at once and records them in the order they were sent. */
  async sendConcurrently(requests: readonly DemoRequest[]): Promise<DemoResponse[]> {
    const responses = await Promise.all(requests.map((r) => this.client.send(r)));
    for (const [i, request] of requests.entries()) {
      const response = responses[i];
      if (response !== undefined) await this.record(request, response, { note: 'concurrently' });
    }
    return responses;
  }

  async sendAndLoseResponse(request: DemoRequest): Promise<void> {
    await this.client.sendAndDropResponse(request);
    this.rows.push({ step: String(++this.#step), sent: describe(request), status: '-', got: 'response lost on the way back', replayed: '', balance: '' });
  }

  async balance(): Promise<number> {
    const account = await this.client.send({ method: 'GET', path: `/accounts/${this.accountId}` });
    expectStatus(account, 200, 'reading the account');
    return numberField(account, 'balance');
  }

  /** Every ledger entry of the account, newest first, following the cursors. */
  async ledger(): Promise<{ type: string; amount: number; orderId?: string }[]> {
    const entries: { type: string; amount: number; orderId?: string }[] = [];
    let cursor: string | undefined;
    do {
      const query = cursor === undefined ? 'limit=50' : `limit=50&cursor=${encodeURIComponent(cursor)}`;
      const page = await this.client.send({ method: 'GET', path: `/accounts/${this.accountId}/ledger?${query}` });
      expectStatus(page, 200, 'reading the ledger');
      const list = page.json?.entries;
      if (!Array.isArray(list)) throw new DemoCheckError('the ledger response has no entries array');
      for (const entry of list as Record<string, unknown>[]) {
        if (typeof entry.type !== 'string' || typeof entry.amount !== 'number') throw new DemoCheckError('a ledger entry lacks type or amount');
        entries.push({ type: entry.type, amount: entry.amount, ...(typeof entry.orderId === 'string' ? { orderId: entry.orderId } : {}) });
      }
      cursor = typeof page.json?.nextCursor === 'string' ? page.json.nextCursor : undefined;
    } while (cursor !== undefined);
    return entries;
  }

  /**
   * The checks every story ends with: the balance, one ledger entry per charged order and no
   * other payment entries, and the balance equal to the sum of the ledger.
   */
  async expectCharged(charges: Readonly<Record<string, number>>): Promise<number> {
    const total = Object.values(charges).reduce((sum, amount) => sum + amount, 0);
    const balance = await this.balance();
    check(balance === opening - total, `the balance is ${balance}, expected ${opening - total}`);
    const entries = await this.ledger();
    const payments = entries.filter((e) => e.type === 'payment');
    for (const [orderId, amount] of Object.entries(charges)) {
      const mine = payments.filter((e) => e.orderId === orderId);
      check(mine.length === 1, `order ${orderId} has ${mine.length} ledger entries, expected exactly 1`);
      check(mine[0]?.amount === -amount, `order ${orderId} was charged ${String(mine[0]?.amount)}, expected -${amount}`);
    }
    check(payments.length === Object.keys(charges).length, `the ledger has ${payments.length} payment entries, expected ${Object.keys(charges).length}`);
    const sum = entries.reduce((s, e) => s + e.amount, 0);
    check(sum === balance, `the ledger sums to ${sum} but the balance is ${balance}`);
    return balance;
  }

  async record(request: DemoRequest, response: DemoResponse, options: { balance?: boolean; note?: string }): Promise<void> {
    const balance = options.balance === false || this.accountId === '' ? '' : String(await this.balance());
    const instance = response.headers.get('x-local-instance');
    const sent = `${describe(request)}${options.note === undefined ? '' : ` (${options.note})`}`;
    const got = `${summarize(response)}${instance === null ? '' : ` [instance ${instance}]`}`;
    this.rows.push({
      step: String(++this.#step),
      sent,
      status: String(response.status),
      got,
      replayed: response.headers.get('idempotent-replayed') === 'true' ? 'yes' : '',
      balance,
    });
  }

  /** Retries `request` while it is refused as in progress, honouring Retry-After, up to `maxWaitMs`. */
  async retryWhileInProgress(request: DemoRequest, maxWaitMs: number, note = 'retry'): Promise<DemoResponse> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const response = await this.send(request, { note });
      if (!(response.status === 409 && response.json?.code === 'idempotency_request_in_progress')) return response;
      const retryAfter = Number(response.headers.get('retry-after') ?? '1');
      check(Number.isInteger(retryAfter) && retryAfter >= 0, `Retry-After is not whole seconds: ${String(response.headers.get('retry-after'))}`);
      if (Date.now() + retryAfter * 1000 > deadline) throw new DemoCheckError(`still in progress after ${maxWaitMs} ms`);
      await sleep(Math.max(200, retryAfter * 1000));
    }
  }
}

async function lostResponse(story: Story): Promise<void> {
  await story.open();
  const request = story.pay(story.key('pay'), story.order('book'), 2_500);
  await story.sendAndLoseResponse(request);
  // The client backs off a little, then retries with the same key and the same body.
  await sleep(300);
  const retry = await story.retryWhileInProgress(request, 30_000);
  expectStatus(retry, 201, 'the retry');
  check(retry.headers.get('idempotent-replayed') === 'true', 'the retry was executed again instead of replayed');
  const again = await story.send(request, { note: 'retry again' });
  check(again.status === 201 && again.text === retry.text, 'a second retry did not get the same response byte for byte');
  const payment = await story.client.send({ method: 'GET', path: `/payments/${story.order('book')}` });
  expectStatus(payment, 200, 'reading the payment');
  check(payment.json?.paymentId === retry.json?.paymentId, 'the replayed paymentId is not the recorded payment');
  await story.expectCharged({ [story.order('book')]: 2_500 });
  story.verdict = 'charged once; both retries got the stored 201, marked Idempotent-Replayed';
}

async function doubleClick(story: Story): Promise<void> {
  await story.open();
  const request = story.pay(story.key('pay'), story.order('lamp'), 1_000);
  const responses = await story.sendConcurrently([request, request]);
  const executed = responses.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') !== 'true');
  check(executed.length === 1, `${executed.length} of the two requests executed the charge, expected exactly 1`);
  const original = executed[0];
  const instances = responses.map((r) => r.headers.get('x-local-instance'));
  if (instances[0] !== null && instances[1] !== null) {
    check(instances[0] !== instances[1], `both requests ran on instance ${String(instances[0])}; the story needs two instances`);
  }
  for (const response of responses) {
    if (response === original) continue;
    const inProgress = response.status === 409 && response.json?.code === 'idempotency_request_in_progress';
    const replayed = response.status === 201 && response.text === original?.text;
    check(inProgress || replayed, `the other request got ${response.status} ${response.text}`);
    if (inProgress) {
      const retry = await story.retryWhileInProgress(request, 30_000, 'retry of the refused one');
      check(retry.status === 201 && retry.text === original?.text, 'the retry did not replay the original response');
    }
  }
  await story.expectCharged({ [story.order('lamp')]: 1_000 });
  story.verdict = 'one charge; the twin request was refused as in progress or got the replay';
}

async function freshKeySameOrder(story: Story): Promise<void> {
  await story.open();
  const first = await story.send(story.pay(story.key('first'), story.order('desk'), 3_000));
  expectStatus(first, 201, 'the first payment');
  const second = await story.send(story.pay(story.key('second'), story.order('desk'), 3_000), { note: 'fresh key' });
  expectStatus(second, 409, 'the payment with a fresh key');
  check(second.json?.code === 'order_already_paid', `expected order_already_paid, got ${String(second.json?.code)}`);
  check(second.json.paymentId === first.json?.paymentId, 'the 409 does not name the original paymentId');
  check(second.headers.get('idempotent-replayed') !== 'true', 'the fresh key was answered from another key’s record');
  await story.expectCharged({ [story.order('desk')]: 3_000 });
  story.verdict = 'the order stays paid once: 409 order_already_paid with the original paymentId, no charge';
}

async function sameKeyOtherAmount(story: Story): Promise<void> {
  await story.open();
  const key = story.key('pay');
  const first = await story.send(story.pay(key, story.order('chair'), 2_000));
  expectStatus(first, 201, 'the first payment');
  const other = await story.send(story.pay(key, story.order('chair'), 2_500), { note: 'same key' });
  expectStatus(other, 422, 'the same key with another amount');
  check(other.json?.code === 'idempotency_key_reused', `expected idempotency_key_reused, got ${String(other.json?.code)}`);
  const original = await story.send(story.pay(key, story.order('chair'), 2_000), { note: 'original body' });
  check(original.status === 201 && original.text === first.text, 'the original request no longer replays its response');
  await story.expectCharged({ [story.order('chair')]: 2_000 });
  story.verdict = '422 idempotency_key_reused, nothing executed; the original body still replays';
}

async function instanceDies(story: Story, maxLeaseWaitMs: number): Promise<void> {
  await story.open();
  const request = story.pay(story.key('pay'), story.order('sofa'), 500);
  const crashed = await story.send({ ...request, crashAfterClaim: true }, { note: 'instance dies after the claim' });
  check(crashed.status >= 500, `the crashing invocation answered ${crashed.status}`);
  const refused = await story.send(request, { note: 'retry at once' });
  expectStatus(refused, 409, 'the retry while the lease lives');
  check(refused.json?.code === 'idempotency_request_in_progress', `expected idempotency_request_in_progress, got ${String(refused.json?.code)}`);
  check(refused.headers.get('retry-after') !== null, 'the 409 has no Retry-After');
  check((await story.balance()) === opening, 'money moved although the instance died before charging');
  // A well-behaved client waits as long as Retry-After says before trying again.
  await sleep(Number(refused.headers.get('retry-after')) * 1000);
  const done = await story.retryWhileInProgress(request, maxLeaseWaitMs, 'retry after Retry-After');
  expectStatus(done, 201, 'the retry after the lease ran out');
  check(done.headers.get('idempotent-replayed') !== 'true', 'the retry after the lease was a replay, not an execution');
  const again = await story.send(request, { note: 'retry again' });
  check(again.status === 201 && again.text === done.text && again.headers.get('idempotent-replayed') === 'true', 'the next retry did not replay');
  await story.expectCharged({ [story.order('sofa')]: 500 });
  story.verdict = 'refused while the dead instance’s lease lived, executed once after it ran out: one charge';
}

async function depositAfterKeyExpired(story: Story, retentionSeconds: number): Promise<void> {
  await story.open();
  const transfer: DemoRequest = {
    method: 'POST',
    path: `/accounts/${story.accountId}/deposits`,
    idempotencyKey: story.key('wire'),
    body: { amount: 2_000, currency, reference: story.key('transfer-7731') },
  };
  const first = await story.send(transfer);
  expectStatus(first, 201, 'the deposit');
  // The API forgets the completed key after its retention; only the reference remembers the transfer.
  await sleep((retentionSeconds + 1) * 1000);
  const late = await story.send(transfer, { note: 'same key, after it expired' });
  expectStatus(late, 409, 'the deposit retried after its key expired');
  check(late.json?.code === 'deposit_already_applied', `expected deposit_already_applied, got ${String(late.json?.code)}`);
  check(late.json.depositId === first.json?.depositId, 'the refusal does not name the original deposit');
  check(late.headers.get('idempotent-replayed') !== 'true', 'the late retry was replayed from a key that should have expired');
  const fresh = await story.send({ ...transfer, idempotencyKey: story.key('wire-again') }, { note: 'a fresh key for the same transfer' });
  expectStatus(fresh, 409, 'the same transfer under a fresh key');
  const deposits = (await story.ledger()).filter((entry) => entry.type === 'deposit');
  check(deposits.length === 2, `the ledger has ${deposits.length} deposits; expected the opening one and the transfer, once`);
  const balance = await story.balance();
  check(balance === opening + 2_000, 'the transfer was credited more than once');
  const sum = (await story.ledger()).reduce((total, entry) => total + entry.amount, 0);
  check(sum === balance, `the ledger sums to ${sum} but the balance is ${balance}`);
  story.verdict = 'the key expired but the reference did not: 409 deposit_already_applied with the original depositId, credited once';
}

function describe(request: DemoRequest): string {
  // Server-made ids are long; their first characters are enough to tell them apart here.
  const path = request.path.replace(/[A-Za-z0-9_]{16,}/g, (id) => `${id.slice(0, 9)}…`);
  const parts = [`${request.method} ${path}`];
  if (request.idempotencyKey !== undefined) parts.push(`key=${request.idempotencyKey.replace(/^key-[^-]+-\d-/, '')}`);
  if (request.body !== undefined) {
    for (const [name, value] of Object.entries(request.body)) {
      if (name === 'accountId' || name === 'currency') continue;
      parts.push(`${name}=${typeof value === 'string' ? value.replace(/^order-[^-]+-\d-/, '') : JSON.stringify(value)}`);
    }
  }
  return parts.join(' ');
}

function summarize(response: DemoResponse): string {
  const json = response.json;
  if (json === undefined) return response.text.slice(0, 60);
  const parts: string[] = [];
  if (typeof json.code === 'string') parts.push(json.code);
  for (const field of ['paymentId', 'depositId', 'balanceAfter']) {
    if (field in json) parts.push(`${field}=${shorten(json[field])}`);
  }
  if (parts.length === 0 && typeof json.accountId === 'string') parts.push(`accountId=${shorten(json.accountId)}`);
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== null) parts.push(`Retry-After=${retryAfter}`);
  return parts.join(' ');
}

function shorten(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 16 ? `${text.slice(0, 10)}…` : text;
}

function expectStatus(response: DemoResponse, status: number, what: string): void {
  check(response.status === status, `${what} answered ${response.status} (expected ${status}): ${response.text.slice(0, 300)}`);
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new DemoCheckError(message);
}

function stringField(response: DemoResponse, field: string): string {
  const value = response.json?.[field];
  if (typeof value !== 'string') throw new DemoCheckError(`the response has no ${field}: ${response.text.slice(0, 200)}`);
  return value;
}

function numberField(response: DemoResponse, field: string): number {
  const value = response.json?.[field];
  if (typeof value !== 'number') throw new DemoCheckError(`the response has no numeric ${field}: ${response.text.slice(0, 200)}`);
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
