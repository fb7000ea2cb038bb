import { describe, expect, it } from 'vitest';
import { parseFunctionLine } from '../../../local/http/function-output.js';
import { renderFunctionLine } from '../../../local/http/render-function-line.js';

const render = (line: string): string => renderFunctionLine(parseFunctionLine(line));

describe('renderFunctionLine', () => {
  it('shows a Powertools line as time, level, route, message and outcome, its own fields, cold start and request id', () => {
    const line = JSON.stringify({
      level: 'INFO',
      message: 'idempotency',
      timestamp: '2026-11-30T17:57:25.960Z',
      service: 'payments',
      cold_start: true,
      function_arn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
      function_memory_size: '512',
      function_name: 'f',
      function_request_id: 'abc',
      sampling_rate: 0,
      route: 'POST /payments',
      api_request_id: 'req-1',
      keyHash: '7d4b5b4158ce53832dd65b1876c16b281aa07be459c5abeebf0155ff1387b7a6',
      outcome: 'claimed',
      replaced: 'none',
    });
    expect(render(line)).toBe('17:57:25.960 INFO  POST /payments idempotency claimed keyHash=7d4b5b4158ce… replaced=none cold req=req-1');
  });

  it('quotes text with spaces and writes objects as JSON', () => {
    const line = JSON.stringify({ level: 'WARN', message: 'request failed', error: { name: 'Problem', message: 'no budget' }, note: 'two words' });
    expect(render(line)).toBe('WARN  request failed error={"name":"Problem","message":"no budget"} note="two words"');
  });

  it('shows an EMF blob as the metrics it counted and text as it is', () => {
    const emf = JSON.stringify({
      _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['service', 'route']], Metrics: [{ Name: 'A', Unit: 'Count' }, { Name: 'B', Unit: 'Count' }] }] },
      route: 'POST /payments',
      A: 1,
      B: [1, 1],
    });
    expect(render(emf)).toBe('POST /payments counted A B×2');
    expect(render('uncaught error: boom')).toBe('uncaught error: boom');
  });
});
