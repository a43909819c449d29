import { createGateway } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { router } from '../src/index.js';
import { mockDeployment } from './gateway-harness.js';

const requests = 10_000;
/**
 * Through the whole pipeline the plugin draws from Math.random, so this bound must hold for an unseeded run: 4.5
 * standard deviations per share fails a correct router about once in 150,000 runs per share.
 */
const sigmas = 4.5;

describe('10,000 requests routed through the in-process gateway', () => {
  it('split 1 : 3 by weight (simple-shuffle)', async () => {
    const gateway = await createGateway({
      model_list: [mockDeployment('light', { weight: 1 }), mockDeployment('heavy', { weight: 3 })],
      plugins: [router()],
    });
    const counts: Record<string, number> = { 'answered by light': 0, 'answered by heavy': 0 };
    for (let index = 0; index < requests; index += 1) {
      const response = await gateway.chat.completions.create({ model: 'house-model', messages: [{ role: 'user', content: 'Hello' }] });
      counts[(response as { choices: { message: { content: string } }[] }).choices[0]!.message.content]! += 1;
    }
    await gateway.close(0);
    const bound = sigmas * Math.sqrt(requests * 0.25 * 0.75);
    expect(counts['answered by light']).toBeGreaterThanOrEqual(2500 - bound);
    expect(counts['answered by light']).toBeLessThanOrEqual(2500 + bound);
  }, 60_000);
});
