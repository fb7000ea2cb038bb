/**
 * Which `Host` headers the local servers answer. A page on some other site can make a browser
 * send requests to 127.0.0.1 under its own name (DNS rebinding); such requests carry that name in
 * `Host`, so answering only loopback names and hosts the operator allowed shuts them out.
 */

/** Says whether a request's `Host` header names this server. */
export type HostCheck = (hostHeader: string | undefined) => boolean;

const loopbackNames: ReadonlySet<string> = new Set(['localhost', '[::1]', '[0:0:0:0:0:0:0:1]']);
const loopbackIPv4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const portSuffix = /^:\d{1,5}$/;
/** Accepted headers are remembered up to this many, so a legitimate header costs one lookup. */
const maxRemembered = 256;

/**
 * The host name of a `Host` header, lower-cased and without its port (IPv6 keeps its brackets);
 * undefined when the header is not `name`, `name:port` or `[v6]`, `[v6]:port`.
 */
export function hostNameOf(header: string): string | undefined {
  const end = header.startsWith('[') ? header.indexOf(']') + 1 : header.indexOf(':') === -1 ? header.length : header.indexOf(':');
  if (end <= 0) return undefined;
  const rest = header.slice(end);
  if (rest !== '' && !portSuffix.test(rest)) return undefined;
  return header.slice(0, end).toLowerCase();
}

/** `localhost`, any 127.x.y.z or `[::1]` (a host name as {@link hostNameOf} returns it). */
export function isLoopbackName(name: string): boolean {
  if (loopbackNames.has(name)) return true;
  const octets = loopbackIPv4.exec(name);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}

/** Whether binding to `address` (as given to `listen`: IPv6 without brackets) keeps the server to this machine. */
export function isLoopbackAddress(address: string): boolean {
  const name = hostNameOf(address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);
  return name !== undefined && isLoopbackName(name);
}

/**
 * The check for a server answering loopback names and `allowedHosts` (names, with or without a
 * port, which is ignored; IPv6 in brackets), each on any port.
 * @throws RangeError for an allowed host that is not a host name.
 */
export function hostCheck(allowedHosts: readonly string[] = []): HostCheck {
  const allowed = new Set<string>();
  for (const host of allowedHosts) {
    const name = hostNameOf(host.trim());
    if (name === undefined) throw new RangeError(`Not a host name to allow: "${host}"`);
    allowed.add(name);
  }
  const accepted = new Set<string>();
  return (header) => {
    if (header === undefined) return false;
    if (accepted.has(header)) return true;
    const name = hostNameOf(header);
    if (name === undefined || !(allowed.has(name) || isLoopbackName(name))) return false;
    // Only accepted headers are remembered: refused ones cannot grow the set.
    if (accepted.size < maxRemembered) accepted.add(header);
    return true;
  };
}

/** Refuses a non-loopback bind address unless allowed, and warns when one is used. */
export function checkBindAddress(address: string, allowNonLoopback: boolean | undefined, what: string): void {
  if (isLoopbackAddress(address)) return;
  if (allowNonLoopback !== true) {
    throw new RangeError(`${what} listens on loopback only; listening on ${address} needs allowNonLoopback (--allow-non-loopback)`);
  }
  console.warn(
    `WARNING: ${what} listens on ${address}, reachable from other machines. It checks no signatures: anyone who can reach it can read and change its data.`,
  );
}
