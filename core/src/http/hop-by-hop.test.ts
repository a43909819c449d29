import { describe, expect, it } from 'vitest';
import { deploymentHeaders, withoutHopByHop } from './hop-by-hop.js';

describe('hop-by-hop headers', () => {
  it('leaves out hop-by-hop headers and those the connection header names', () => {
    expect(withoutHopByHop({ Connection: 'keep-alive, X-Trace', 'X-Trace': '1', 'Keep-Alive': 'timeout=5', 'X-Team': 'a', 'Transfer-Encoding': 'chunked' })).toStrictEqual({ 'X-Team': 'a' });
    expect(withoutHopByHop({ connection: 'x-trace', 'X-Trace': '1', Upgrade: 'h2c', 'X-Team': 'a' })).toStrictEqual({ 'X-Team': 'a' });
  });

  it("gives a deployment's extra headers in lower case, without hop-by-hop ones", () => {
    expect(deploymentHeaders({ headers: { 'X-Team': 'a', Connection: 'close', 'OpenAI-Organization': 'org-1', Host: 'evil.example' } })).toStrictEqual({ 'x-team': 'a', 'openai-organization': 'org-1' });
    expect(deploymentHeaders({})).toStrictEqual({});
  });
});
