/**
 * The ceiling: a bare node:http server that reads the request and answers, per operation, a
 * canned response of the size the engine sends (same body, same headers), doing no work.
 */
import { createServer, type Server } from 'node:http';
import { crc32 } from 'node:zlib';
import { benchItem } from './workload.js';

interface Canned {
  readonly status: number;
  readonly body: Buffer;
  readonly crc: number;
}

function canned(status: number, body: unknown): Canned {
  const buffer = Buffer.from(JSON.stringify(body));
  return { status, body: buffer, crc: crc32(buffer) };
}

const responses = new Map<string, Canned>([
  ['PutItem', canned(200, {})],
  ['GetItem', canned(200, { Item: benchItem('k1') })],
  ['TransactWriteItems', canned(200, {})],
]);
const conditionFailed = canned(400, {
  __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
  message: 'The conditional request failed',
});

/**
 * A server answering the benchmark's four operations with canned bodies. A PutItem whose body
 * carries a ConditionExpression gets the ConditionalCheckFailedException the engine would send.
 */
export function createBareServer(): Server {
  let counter = 0;
  return createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.slice(target.indexOf('.') + 1);
      let response = responses.get(operation) ?? canned(200, {});
      if (operation === 'PutItem' && Buffer.concat(chunks).includes('ConditionExpression')) response = conditionFailed;
      counter += 1;
      res.writeHead(response.status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': response.body.length,
        'x-amzn-requestid': `BARE${String(counter).padStart(48, '0')}`,
        'x-amz-crc32': response.crc,
      });
      res.end(response.body);
    });
  });
}
