/**
 * Headers that describe one connection, not the message, and so never cross the gateway in either direction.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1
 */
export const hopByHopHeaders: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

/** Copies headers, leaving out hop-by-hop ones and any the `connection` header names. */
export function withoutHopByHop(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  // Header names are case-insensitive: `Connection` from a YAML file names headers as surely as `connection` does.
  let connection: string | undefined;
  for (const name in headers) if (name.toLowerCase() === 'connection') connection = headers[name];
  const named = connection?.toLowerCase().split(',').map((name) => name.trim()) ?? [];
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || hopByHopHeaders.has(lower) || named.includes(lower)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * A deployment's `extra_headers` as a provider sends them upstream: names in lower case, hop-by-hop ones left out.
 * Providers add these after their own auth headers, so an operator may replace one (a proxy with its own scheme).
 */
export function deploymentHeaders(deployment: { readonly headers?: Readonly<Record<string, string>> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(withoutHopByHop(deployment.headers ?? {}))) out[name.toLowerCase()] = String(value);
  return out;
}
