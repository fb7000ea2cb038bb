import { createSocket } from 'node:dgram';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { daemonEndpoint, XRayDaemonExporter } from '../../../lambda/tracing/xray-daemon-exporter.js';

describe('daemonEndpoint', () => {
  it.each([
    [undefined, { host: '127.0.0.1', port: 2000 }],
    ['169.254.79.129:2000', { host: '169.254.79.129', port: 2000 }],
    ['tcp:127.0.0.1:2000 udp:127.0.0.2:2001', { host: '127.0.0.2', port: 2001 }],
    ['udp:localhost:3000 tcp:localhost:3001', { host: 'localhost', port: 3000 }],
  ])('reads %s', (address, endpoint) => {
    expect(daemonEndpoint(address)).toEqual(endpoint);
  });

  it.each(['', 'localhost', 'localhost:0', 'localhost:70000', 'http://localhost:2000'])('refuses %j with a clear error', (address) => {
    expect(() => daemonEndpoint(address)).toThrow(/^AWS_XRAY_DAEMON_ADDRESS must be host:port/);
  });
});

describe('XRayDaemonExporter', () => {
  it('sends a finished span as one datagram: the daemon header, T1S, then the base64 OTLP request', async () => {
    const daemon = createSocket('udp4');
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    const received = new Promise<Buffer>((resolve) => daemon.once('message', resolve));
    const exporter = new XRayDaemonExporter(`127.0.0.1:${daemon.address().port}`);
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

    provider.getTracer('test').startSpan('DynamoDB.PutItem', { attributes: { 'rpc.method': 'PutItem' } }).end();
    await provider.forceFlush();

    const text = (await received).toString('utf8');
    const [header, body = ''] = text.split('\n');
    expect(header).toBe('{"format":"json","version":1}');
    expect(body.startsWith('T1S')).toBe(true);
    const request = Buffer.from(body.slice(3), 'base64');
    // Protobuf strings are stored as is: the span's name and attribute are in the request.
    expect(request.includes('DynamoDB.PutItem')).toBe(true);
    expect(request.includes('rpc.method')).toBe(true);
    await provider.shutdown();
    daemon.close();
  });

  it('reports a failed export, without throwing, when the datagram cannot be sent', async () => {
    const exporter = new XRayDaemonExporter('127.0.0.1:2000');
    await exporter.shutdown();
    const spans = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
    provider.getTracer('test').startSpan('closed').end();
    const result = await new Promise<ExportResult>((resolve) => {
      exporter.export(spans.getFinishedSpans(), resolve);
    });
    expect(result.code).toBe(ExportResultCode.FAILED);
  });
});
