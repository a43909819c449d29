import type { Deployment } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { MemoryRoutingState } from '../src/memory-routing-state.js';
import { rankDeployments, type RankInput } from '../src/rank-deployments.js';
import type { DeploymentLoad } from '../src/routing-state.js';
import { makeDeployment } from './make-deployment.js';
import { seededRandom } from './random-sources.js';

const selections = 10_000;
/**
 * Each deployment's share of first places must lie within 4 standard deviations of its expected share
 * (σ = √(n·p·(1−p))): a correct sampler fails that about once in 16,000 runs per share, and the seeded random source
 * makes every run the same anyway, so the bound guards against a wrong sampler, not against bad luck.
 */
const sigmas = 4;
const now = 7_000 * 60_000;

function firstPlaces(input: Omit<RankInput, 'random' | 'now'>, seed: number): Record<string, number> {
  const random = seededRandom(seed);
  const counts: Record<string, number> = Object.fromEntries(input.deployments.map((deployment) => [deployment.id, 0]));
  for (let index = 0; index < selections; index += 1) counts[rankDeployments({ ...input, random, now })[0]!.id]! += 1;
  return counts;
}

/** Which deployments' counts fall outside the bound, so a failure names them. */
function outsideBounds(counts: Record<string, number>, expected: Record<string, number>): string[] {
  return Object.entries(expected)
    .filter(([id, share]) => Math.abs(counts[id]! - selections * share) > sigmas * Math.sqrt(selections * share * (1 - share)))
    .map(([id, share]) => `${id}: ${counts[id]} first places, expected ${selections * share}`);
}

const idle = (deployments: readonly Deployment[], fields: Record<string, Partial<DeploymentLoad>> = {}) =>
  new Map(deployments.map((deployment) => [deployment.id, { inFlight: 0, requests: 0, tokens: 0, ...fields[deployment.id] }]));

describe('simple-shuffle over 10,000 selections', () => {
  it('follows weight 1 : 2 : 7', () => {
    const deployments = [makeDeployment('a', { weight: 1 }), makeDeployment('b', { weight: 2 }), makeDeployment('c', { weight: 7 })];
    const counts = firstPlaces({ strategy: 'simple-shuffle', deployments, loads: new Map(), latencyBuffer: 0 }, 1);
    expect(outsideBounds(counts, { a: 0.1, b: 0.2, c: 0.7 })).toEqual([]);
  });

  it('follows rpm 100 : 300 when no weight is set', () => {
    const deployments = [makeDeployment('a', { rpm: 100 }), makeDeployment('b', { rpm: 300 })];
    const counts = firstPlaces({ strategy: 'simple-shuffle', deployments, loads: new Map(), latencyBuffer: 0 }, 2);
    expect(outsideBounds(counts, { a: 0.25, b: 0.75 })).toEqual([]);
  });

  it('follows tpm 1000 : 1000 : 2000 when neither weight nor rpm is set', () => {
    const deployments = [makeDeployment('a', { tpm: 1000 }), makeDeployment('b', { tpm: 1000 }), makeDeployment('c', { tpm: 2000 })];
    const counts = firstPlaces({ strategy: 'simple-shuffle', deployments, loads: new Map(), latencyBuffer: 0 }, 3);
    expect(outsideBounds(counts, { a: 0.25, b: 0.25, c: 0.5 })).toEqual([]);
  });

  it('is uniform over four deployments without weights', () => {
    const deployments = ['a', 'b', 'c', 'd'].map((id) => makeDeployment(id));
    const counts = firstPlaces({ strategy: 'simple-shuffle', deployments, loads: new Map(), latencyBuffer: 0 }, 4);
    expect(outsideBounds(counts, { a: 0.25, b: 0.25, c: 0.25, d: 0.25 })).toEqual([]);
  });
});

describe('least-busy over 10,000 selections', () => {
  it('is uniform over three idle deployments', () => {
    const deployments = ['a', 'b', 'c'].map((id) => makeDeployment(id));
    const counts = firstPlaces({ strategy: 'least-busy', deployments, loads: idle(deployments), latencyBuffer: 0 }, 5);
    expect(outsideBounds(counts, { a: 1 / 3, b: 1 / 3, c: 1 / 3 })).toEqual([]);
  });

  it('never puts the busier deployment first', () => {
    const deployments = ['a', 'b', 'c'].map((id) => makeDeployment(id));
    const counts = firstPlaces({ strategy: 'least-busy', deployments, loads: idle(deployments, { c: { inFlight: 5 } }), latencyBuffer: 0 }, 6);
    expect([outsideBounds(counts, { a: 0.5, b: 0.5 }), counts.c]).toEqual([[], 0]);
  });
});

describe('latency-based-routing over 10,000 selections', () => {
  it('splits evenly between the two deployments within a 0.5 buffer and never picks the slow one', () => {
    const deployments = ['a', 'b', 'c'].map((id) => makeDeployment(id));
    const loads = idle(deployments, { a: { latencyMs: 100 }, b: { latencyMs: 140 }, c: { latencyMs: 200 } });
    const counts = firstPlaces({ strategy: 'latency-based-routing', deployments, loads, latencyBuffer: 0.5 }, 7);
    expect([outsideBounds(counts, { a: 0.5, b: 0.5 }), counts.c]).toEqual([[], 0]);
  });

  it('sends everything to the fastest with no buffer', () => {
    const deployments = ['a', 'b'].map((id) => makeDeployment(id));
    const loads = idle(deployments, { a: { latencyMs: 100 }, b: { latencyMs: 101 } });
    expect(firstPlaces({ strategy: 'latency-based-routing', deployments, loads, latencyBuffer: 0 }, 8)).toEqual({ a: 10_000, b: 0 });
  });
});

describe('cost-based-routing over 10,000 selections', () => {
  it('sends everything to the cheapest', () => {
    const deployments = [makeDeployment('dear', { model_info: { input_cost_per_token: 2 } }), makeDeployment('cheap', { model_info: { input_cost_per_token: 1 } })];
    expect(firstPlaces({ strategy: 'cost-based-routing', deployments, loads: new Map(), latencyBuffer: 0 }, 9)).toEqual({ dear: 0, cheap: 10_000 });
  });

  it('is uniform between equally priced deployments', () => {
    const price = { model_info: { input_cost_per_token: 1 } };
    const deployments = [makeDeployment('a', price), makeDeployment('b', price)];
    const counts = firstPlaces({ strategy: 'cost-based-routing', deployments, loads: new Map(), latencyBuffer: 0 }, 10);
    expect(outsideBounds(counts, { a: 0.5, b: 0.5 })).toEqual([]);
  });
});

describe('usage-based-routing over 10,000 selections', () => {
  it('fills rpm 1000 and 3000 in proportion, counting each dispatch, over two and a half minutes', async () => {
    const deployments = [makeDeployment('a', { rpm: 1000 }), makeDeployment('b', { rpm: 3000 })];
    const state = new MemoryRoutingState(10);
    const random = seededRandom(11);
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let index = 0; index < selections; index += 1) {
      // 4,000 requests a minute: exactly the two limits together.
      const time = now + Math.floor(index / 4000) * 60_000;
      const loads = await state.read(['a', 'b'], time);
      const chosen = rankDeployments({ strategy: 'usage-based-routing', deployments, loads, random, now: time, latencyBuffer: 0 })[0]!;
      await state.attemptStarted(chosen.id, time);
      counts[chosen.id]! += 1;
    }
    // Two full minutes fill both limits exactly (2 × 1000, 2 × 3000); in the last 2,000 the equal-headroom rule keeps
    // the 1 : 3 split to within the one request a tie may give either side.
    expect(counts.a).toBeGreaterThanOrEqual(2499);
    expect(counts.a).toBeLessThanOrEqual(2501);
  });

  it('never sends more than its rpm to a deployment within one minute', async () => {
    const deployments = [makeDeployment('a', { rpm: 10 }), makeDeployment('b', { rpm: 30 })];
    const state = new MemoryRoutingState(10);
    const random = seededRandom(12);
    for (let index = 0; index < 40; index += 1) {
      const chosen = rankDeployments({ strategy: 'usage-based-routing', deployments, loads: await state.read(['a', 'b'], now), random, now, latencyBuffer: 0 })[0]!;
      await state.attemptStarted(chosen.id, now);
    }
    const loads = await state.read(['a', 'b'], now);
    expect([loads.get('a')?.requests, loads.get('b')?.requests]).toEqual([10, 30]);
  });
});
