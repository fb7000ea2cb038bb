const faultHeader = 'x-local-fault';
const faultTokenHeader = 'x-local-fault-token';

/** The request's headers without the fault headers, and whether they armed a crash. */
export interface FaultHeaders {
  readonly rawHeaders: string[];
  readonly crashAfterClaim: boolean;
}

/**
 * Removes `X-Local-Fault` and `X-Local-Fault-Token` from Node's `rawHeaders` (so no handler
 * ever sees them), and arms the crash only when fault injection is on (`token` set) and the
 * request presents that token with `X-Local-Fault: crash-after-claim`.
 */
export function takeFaultHeaders(rawHeaders: readonly string[], token: string | undefined): FaultHeaders {
  const kept: string[] = [];
  let fault: string | undefined;
  let presented: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    if (name === faultHeader) fault = value.trim();
    else if (name === faultTokenHeader) presented = value.trim();
    else kept.push(rawHeaders[i] ?? '', value);
  }
  const crashAfterClaim = token !== undefined && presented === token && fault === 'crash-after-claim';
  return { rawHeaders: kept, crashAfterClaim };
}
