import { describe, expect, it } from 'vitest';
import { makeDeployment } from '../test/make-deployment.js';
import { scriptedRandom } from '../test/random-sources.js';
import { priorityTiers, pricePerToken, rankDeployments, weightedShuffle, type RankInput } from './rank-deployments.js';
import type { DeploymentLoad } from './routing-state.js';

const minute = 60_000;
const now = 1_000 * minute + 15_000;
const ids = (list: readonly { id: string }[]) => list.map((deployment) => deployment.id);
const load = (fields: Partial<DeploymentLoad>): DeploymentLoad => ({ inFlight: 0, requests: 0, tokens: 0, ...fields });

function rank(fields: Partial<RankInput> & Pick<RankInput, 'strategy' | 'deployments'>): string[] {
  return ids(rankDeployments({ loads: new Map(), random: scriptedRandom([0.5]), now, latencyBuffer: 0, ...fields }));
}

describe('priorityTiers', () => {
  it('groups by order, lowest first, with deployments without an order last', () => {
    const tiers = priorityTiers([makeDeployment('none'), makeDeployment('two', { order: 2 }), makeDeployment('one', { order: 1 }), makeDeployment('one-b', { order: 1 })]);
    expect(tiers.map(ids)).toEqual([['one', 'one-b'], ['two'], ['none']]);
  });
});

describe('weightedShuffle', () => {
  it('puts the deployment with the highest key u^(1/weight) first', () => {
    // keys: a = 0.5^(1/1) = 0.5, b = 0.5^(1/3) ≈ 0.794
    const order = weightedShuffle([makeDeployment('a', { weight: 1 }), makeDeployment('b', { weight: 3 })], scriptedRandom([0.5, 0.5]));
    expect(ids(order)).toEqual(['b', 'a']);
  });

  it('weighs by rpm when no candidate sets weight', () => {
    // keys: a = 0.9^(1/100) ≈ 0.9989, b = 0.1^(1/1) = 0.1
    const order = weightedShuffle([makeDeployment('a', { rpm: 100 }), makeDeployment('b', { rpm: 1 })], scriptedRandom([0.9, 0.1]));
    expect(ids(order)).toEqual(['a', 'b']);
  });

  it('weighs by tpm when no candidate sets weight or rpm', () => {
    const order = weightedShuffle([makeDeployment('a', { tpm: 1 }), makeDeployment('b', { tpm: 1000 })], scriptedRandom([0.9, 0.1]));
    // keys: a = 0.9, b = 0.1^(1/1000) ≈ 0.9977
    expect(ids(order)).toEqual(['b', 'a']);
  });

  it('puts a candidate without the weighing field after every weighted one', () => {
    const order = weightedShuffle([makeDeployment('unweighted'), makeDeployment('weighted', { weight: 1 })], scriptedRandom([0.99, 0.01]));
    expect(ids(order)).toEqual(['weighted', 'unweighted']);
  });

  it('orders by the draws alone when no candidate has a weight', () => {
    const order = weightedShuffle([makeDeployment('a'), makeDeployment('b'), makeDeployment('c')], scriptedRandom([0.2, 0.9, 0.5]));
    expect(ids(order)).toEqual(['b', 'c', 'a']);
  });
});

describe('rankDeployments: order tiers', () => {
  it('ranks a lower tier only after every deployment of a higher one', () => {
    const deployments = [makeDeployment('backup', { order: 2, weight: 100 }), makeDeployment('primary-a', { order: 1, weight: 1 }), makeDeployment('primary-b', { order: 1, weight: 1 })];
    expect(rank({ strategy: 'simple-shuffle', deployments, random: scriptedRandom([0.6, 0.3, 0.1]) })).toEqual(['primary-a', 'primary-b', 'backup']);
  });

  it('returns a single candidate unchanged', () => {
    expect(rank({ strategy: 'least-busy', deployments: [makeDeployment('only')] })).toEqual(['only']);
  });
});

describe('rankDeployments: least-busy', () => {
  it('puts the deployment with the fewest requests in flight first, then the next fewest', () => {
    const loads = new Map([['a', load({ inFlight: 3 })], ['b', load({ inFlight: 1 })], ['c', load({ inFlight: 2 })]]);
    expect(rank({ strategy: 'least-busy', deployments: [makeDeployment('a'), makeDeployment('b'), makeDeployment('c')], loads })).toEqual(['b', 'c', 'a']);
  });

  it('breaks a tie by the random draw', () => {
    const loads = new Map([['a', load({ inFlight: 1 })], ['b', load({ inFlight: 1 })]]);
    expect(rank({ strategy: 'least-busy', deployments: [makeDeployment('a'), makeDeployment('b')], loads, random: scriptedRandom([0.8, 0.2]) })).toEqual(['b', 'a']);
  });
});

describe('rankDeployments: usage-based-routing', () => {
  it('puts the deployment with the largest unused share of its rpm first', () => {
    // a: 1 - 50/100 = 0.5 left; b: 1 - 10/40 = 0.75 left
    const loads = new Map([['a', load({ requests: 50 })], ['b', load({ requests: 10 })]]);
    const deployments = [makeDeployment('a', { rpm: 100 }), makeDeployment('b', { rpm: 40 })];
    expect(rank({ strategy: 'usage-based-routing', deployments, loads })).toEqual(['b', 'a']);
  });

  it('takes the smaller of the rpm and tpm headroom', () => {
    // a: min(0.9, 1 - 900/1000 = 0.1) = 0.1; b: min(0.5, 0.5) = 0.5
    const loads = new Map([['a', load({ requests: 1, tokens: 900 })], ['b', load({ requests: 5, tokens: 500 })]]);
    const deployments = [makeDeployment('a', { rpm: 10, tpm: 1000 }), makeDeployment('b', { rpm: 10, tpm: 1000 })];
    expect(rank({ strategy: 'usage-based-routing', deployments, loads })).toEqual(['b', 'a']);
  });

  it('leaves out a deployment at its rpm limit while another has headroom', () => {
    const loads = new Map([['full', load({ requests: 10 })], ['open', load({ requests: 99 })]]);
    const deployments = [makeDeployment('full', { rpm: 10 }), makeDeployment('open', { rpm: 100 })];
    expect(rank({ strategy: 'usage-based-routing', deployments, loads })).toEqual(['open']);
  });

  it('leaves out a deployment at its tpm limit while another has headroom', () => {
    const loads = new Map([['full', load({ tokens: 1000 })], ['open', load({ tokens: 10 })]]);
    const deployments = [makeDeployment('full', { tpm: 1000 }), makeDeployment('open', { tpm: 1000 })];
    expect(rank({ strategy: 'usage-based-routing', deployments, loads })).toEqual(['open']);
  });

  it('returns every candidate, least over its limit first, when all are at their limit', () => {
    const loads = new Map([['a', load({ requests: 30 })], ['b', load({ requests: 11 })]]);
    const deployments = [makeDeployment('a', { rpm: 10 }), makeDeployment('b', { rpm: 10 })];
    expect(rank({ strategy: 'usage-based-routing', deployments, loads })).toEqual(['b', 'a']);
  });

  it('moves to the next order tier when the first is at its limit', () => {
    const loads = new Map([['primary', load({ requests: 5 })]]);
    const deployments = [makeDeployment('primary', { rpm: 5, order: 1 }), makeDeployment('backup', { rpm: 5, order: 2 })];
    expect(rank({ strategy: 'usage-based-routing', deployments, loads })).toEqual(['backup']);
  });

  it('prefers fewer tokens used between deployments with equal headroom', () => {
    const loads = new Map([['a', load({ tokens: 300 })], ['b', load({ tokens: 100 })]]);
    expect(rank({ strategy: 'usage-based-routing', deployments: [makeDeployment('a'), makeDeployment('b')], loads })).toEqual(['b', 'a']);
  });
});

describe('rankDeployments: latency-based-routing', () => {
  it('puts the lowest moving-average latency first, then the next lowest', () => {
    const loads = new Map([['a', load({ latencyMs: 300 })], ['b', load({ latencyMs: 100 })], ['c', load({ latencyMs: 200 })]]);
    expect(rank({ strategy: 'latency-based-routing', deployments: [makeDeployment('a'), makeDeployment('b'), makeDeployment('c')], loads })).toEqual(['b', 'c', 'a']);
  });

  it('tries a deployment not yet measured before the measured ones', () => {
    const loads = new Map([['measured', load({ latencyMs: 5 })]]);
    expect(rank({ strategy: 'latency-based-routing', deployments: [makeDeployment('measured'), makeDeployment('new')], loads })).toEqual(['new', 'measured']);
  });

  it('shuffles the deployments within the buffer of the best latency', () => {
    // limit = 100 × 1.5 = 150: a and b share; c (200) follows. Draws: first sort 0.5 each, then the shuffle 0.9, 0.1.
    const loads = new Map([['a', load({ latencyMs: 100 })], ['b', load({ latencyMs: 140 })], ['c', load({ latencyMs: 200 })]]);
    const random = scriptedRandom([0.5, 0.5, 0.5, 0.9, 0.1]);
    expect(rank({ strategy: 'latency-based-routing', deployments: [makeDeployment('a'), makeDeployment('b'), makeDeployment('c')], loads, latencyBuffer: 0.5, random })).toEqual(['b', 'a', 'c']);
  });
});

describe('rankDeployments: cost-based-routing', () => {
  it('puts the cheapest input + output price per token first', () => {
    const deployments = [
      makeDeployment('dear', { model_info: { input_cost_per_token: 0.00001, output_cost_per_token: 0.00003 } }),
      makeDeployment('cheap', { model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } }),
    ];
    expect(rank({ strategy: 'cost-based-routing', deployments })).toEqual(['cheap', 'dear']);
  });

  it('puts an unpriced deployment after every priced one', () => {
    const deployments = [makeDeployment('unpriced'), makeDeployment('priced', { model_info: { input_cost_per_token: 1 } })];
    expect(rank({ strategy: 'cost-based-routing', deployments })).toEqual(['priced', 'unpriced']);
  });
});

describe('pricePerToken', () => {
  it('reads prices from litellm_params when model_info has none', () => {
    expect(pricePerToken(makeDeployment('a', { provider_params: { input_cost_per_token: 0.5, output_cost_per_token: 0.25 } }))).toBe(0.75);
  });

  it('is undefined for a deployment with no price', () => {
    expect(pricePerToken(makeDeployment('a'))).toBeUndefined();
  });

  it("takes the model catalog's prices when the config sets none", () => {
    // The catalog (LiteLLM's data): gpt-4o costs 2.5e-6 in and 1e-5 out per token.
    expect(pricePerToken(makeDeployment('a', { provider: 'openai', model: 'gpt-4o' }))).toBe(0.0000125);
    expect(pricePerToken(makeDeployment('b', { model_info: { base_model: 'openai/gpt-4o' } }))).toBe(0.0000125);
    expect(pricePerToken(makeDeployment('c', { provider: 'openai', model: 'gpt-4o', model_info: { output_cost_per_token: 0 } }))).toBe(0.0000025);
  });

  it('ranks catalog-priced deployments cheapest first', () => {
    const deployments = [makeDeployment('4o', { provider: 'openai', model: 'gpt-4o' }), makeDeployment('mini', { provider: 'openai', model: 'gpt-4o-mini' })];
    expect(rank({ strategy: 'cost-based-routing', deployments })).toEqual(['mini', '4o']);
  });
});
