import { createSocket, type Socket } from 'node:dgram';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/** Where Lambda's X-Ray daemon listens when AWS_XRAY_DAEMON_ADDRESS is not set. */
export const defaultDaemonAddress = '127.0.0.1:2000';

// The daemon tells its formats apart by a JSON header line, then a prefix: `T1S` marks OTLP
// traces, binary (protobuf, base64-encoded) and sampled. Unsampled spans are never exported.
const datagramPrefix = '{"format":"json","version":1}\nT1S';

/** `host:port` of the daemon, from AWS_XRAY_DAEMON_ADDRESS (`host:port`, or `udp:host:port tcp:host:port`). */
export function daemonEndpoint(address: string | undefined): { readonly host: string; readonly port: number } {
  const udp = (address ?? defaultDaemonAddress).split(' ').find((part) => !part.startsWith('tcp:')) ?? defaultDaemonAddress;
  const match = /^(?:udp:)?([^:\s]+):(\d{1,5})$/.exec(udp);
  const port = Number(match?.[2]);
  if (match?.[1] === undefined || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`AWS_XRAY_DAEMON_ADDRESS must be host:port, got '${address ?? ''}'`);
  }
  return { host: match[1], port };
}

/**
 * Sends spans to the X-Ray daemon that Lambda runs beside every function with active tracing:
 * one UDP datagram per export, holding an OTLP `ExportTraceServiceRequest` in protobuf (the
 * maintained OpenTelemetry serializer's). UDP to the local daemon costs no network round trip and
 * nothing to flush before the sandbox freezes; the daemon forwards to X-Ray outside the
 * invocation. Delivery is best effort, as for every X-Ray segment: a lost datagram loses spans,
 * never a payment.
 */
export class XRayDaemonExporter implements SpanExporter {
  readonly #host: string;
  readonly #port: number;
  readonly #socket: Socket;

  constructor(address: string | undefined) {
    const { host, port } = daemonEndpoint(address);
    this.#host = host;
    this.#port = port;
    this.#socket = createSocket('udp4');
    // The socket must never keep a process (a test, the local runner) alive.
    this.#socket.unref();
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const request = ProtobufTraceSerializer.serializeRequest(spans);
    if (request === undefined) {
      done({ code: ExportResultCode.FAILED, error: new Error('the spans could not be serialized') });
      return;
    }
    const datagram = Buffer.from(datagramPrefix + Buffer.from(request).toString('base64'), 'utf8');
    try {
      this.#socket.send(datagram, this.#port, this.#host, (error) => {
        done(error === null ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error });
      });
    } catch (error) {
      // A closed socket throws at once; spans are lost, the invocation goes on.
      done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  async shutdown(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#socket.close(() => {
        resolve();
      });
    });
  }
}
