import { catalogEntryFor, type Deployment } from '@switchyard/core';
import type { Strategy } from './router-settings.js';
import { minuteMs, minuteOf, type DeploymentLoad } from './routing-state.js';

/** Everything a ranking depends on, passed in so tests fix the random source and the time. */
export interface RankInput {
  strategy: Strategy;
  /** The candidates, in config order, after earlier taps (the fallback plugin's cooldown filter) left them. */
  deployments: readonly Deployment[];
  /** Counters by deployment id; strategies that need none get an empty map. */
  loads: ReadonlyMap<string, DeploymentLoad>;
  /** Uniform in [0, 1), like Math.random. */
  random: () => number;
  now: number;
  latencyBuffer: number;
}

/**
 * Orders the candidates best first: core calls the first, and a fallback plugin retrying through
 * runtime.selectDeployment gets the next best. Priority tiers (`order`, lowest first; deployments without one last)
 * are ranked one after the other, so a lower tier is reached only after every deployment of a higher one.
 * usage-based-routing leaves out deployments at their rpm/tpm limit unless every candidate is at its limit.
 */
export function rankDeployments(input: RankInput): Deployment[] {
  if (input.deployments.length <= 1) return [...input.deployments];
  // Most groups set no `order`: one tier, without building the map.
  const tiers = input.deployments.some((deployment) => deployment.order !== undefined) ? priorityTiers(input.deployments) : [input.deployments as Deployment[]];
  if (tiers.length === 1 && input.strategy === 'simple-shuffle') return weightedShuffle(tiers[0]!, input.random);
  if (input.strategy === 'usage-based-routing') return rankByUsage(tiers, input);
  return tiers.flatMap((tier) => rankTier(tier, input));
}

/** Deployments grouped by `order`, lowest first; those without an `order` form the last tier. */
export function priorityTiers(deployments: readonly Deployment[]): Deployment[][] {
  const byOrder = new Map<number, Deployment[]>();
  for (const deployment of deployments) {
    const order = deployment.order ?? Number.POSITIVE_INFINITY;
    const tier = byOrder.get(order);
    if (tier === undefined) byOrder.set(order, [deployment]);
    else tier.push(deployment);
  }
  return [...byOrder.entries()].sort(([left], [right]) => left - right).map(([, tier]) => tier);
}

function rankTier(tier: Deployment[], input: RankInput): Deployment[] {
  switch (input.strategy) {
    case 'simple-shuffle':
      return weightedShuffle(tier, input.random);
    case 'least-busy':
      return sortWithRandomTies(tier, (deployment) => [loadOf(input, deployment).inFlight], input.random);
    case 'latency-based-routing':
      return rankByLatency(tier, input);
    case 'cost-based-routing':
      return rankByCost(tier, input.random);
    case 'usage-based-routing':
      throw new Error('usage-based-routing is ranked across tiers by rankByUsage');
  }
}

/**
 * A random order in which each deployment comes first with probability weight / total weight, and so on down the
 * list (Efraimidis–Spirakis: key = u^(1/w), highest first). The weight is `weight` when any candidate sets it, else
 * `rpm`, else `tpm`, as LiteLLM's simple-shuffle does; a candidate missing the chosen field weighs 0 and comes after
 * the weighted ones. With no field set anywhere, or every weight 0, the order is uniform.
 */
export function weightedShuffle(deployments: readonly Deployment[], random: () => number): Deployment[] {
  const field = weightField(deployments);
  if (deployments.length === 2) {
    // Two deployments behind one name is the usual group: the same draws, without sorting.
    const [first, second] = deployments as [Deployment, Deployment];
    return shuffleKey(first, field, random()) >= shuffleKey(second, field, random()) ? [first, second] : [second, first];
  }
  const keyed = deployments.map((deployment) => ({ deployment, key: shuffleKey(deployment, field, random()) }));
  return keyed.sort((left, right) => right.key - left.key).map(({ deployment }) => deployment);
}

function shuffleKey(deployment: Deployment, field: 'weight' | 'rpm' | 'tpm' | undefined, draw: number): number {
  const weight = field === undefined ? 1 : (deployment[field] ?? 0);
  // Weight 0: below every weighted key (which lie in [0, 1)), still shuffled among themselves.
  return weight > 0 ? Math.pow(draw, 1 / weight) : draw - 1;
}

/** `weight` when any candidate sets it, else `rpm`, else `tpm`; undefined when none does. Runs per request. */
function weightField(deployments: readonly Deployment[]): 'weight' | 'rpm' | 'tpm' | undefined {
  let rpm = false;
  let tpm = false;
  for (const deployment of deployments) {
    if ((deployment.weight ?? 0) > 0) return 'weight';
    if ((deployment.rpm ?? 0) > 0) rpm = true;
    if ((deployment.tpm ?? 0) > 0) tpm = true;
  }
  return rpm ? 'rpm' : tpm ? 'tpm' : undefined;
}

/**
 * Lowest moving-average latency first. Deployments not yet measured come before the measured ones (shuffled among
 * themselves), so each is tried once before the measurements settle the order. Measured ones within
 * (1 + buffer) × the best latency are shuffled among themselves, so near-equal deployments share the load; the rest
 * follow, fastest first.
 */
function rankByLatency(tier: Deployment[], input: RankInput): Deployment[] {
  const unmeasured = tier.filter((deployment) => loadOf(input, deployment).latencyMs === undefined);
  const measured = tier.filter((deployment) => loadOf(input, deployment).latencyMs !== undefined);
  const latency = (deployment: Deployment) => loadOf(input, deployment).latencyMs!;
  const sorted = sortWithRandomTies(measured, (deployment) => [latency(deployment)], input.random);
  const limit = sorted.length === 0 ? 0 : latency(sorted[0]!) * (1 + input.latencyBuffer);
  const near = sorted.filter((deployment) => latency(deployment) <= limit);
  const far = sorted.filter((deployment) => latency(deployment) > limit);
  return [...sortWithRandomTies(unmeasured, () => [], input.random), ...sortWithRandomTies(near, () => [], input.random), ...far];
}

/**
 * Cheapest first by input + output price per token: from `litellm_params`, else `model_info`, else the model catalog
 * (core's, looked up by the upstream model id or `model_info.base_model`). Unpriced deployments come last, since
 * nothing says they are cheap.
 */
function rankByCost(tier: Deployment[], random: () => number): Deployment[] {
  return sortWithRandomTies(tier, (deployment) => [pricePerToken(deployment) ?? Number.POSITIVE_INFINITY], random);
}

const prices = new WeakMap<Deployment, number | null>();

export function pricePerToken(deployment: Deployment): number | undefined {
  let price = prices.get(deployment);
  if (price === undefined) {
    const entry = catalogEntryFor(deployment);
    const input = priceField(deployment, 'input_cost_per_token') ?? entry?.input_cost_per_token;
    const output = priceField(deployment, 'output_cost_per_token') ?? entry?.output_cost_per_token;
    price = input === undefined && output === undefined ? null : (input ?? 0) + (output ?? 0);
    prices.set(deployment, price);
  }
  return price ?? undefined;
}

function priceField(deployment: Deployment, name: string): number | undefined {
  const value = deployment.provider_params[name] ?? deployment.model_info[name];
  return typeof value === 'number' ? value : undefined;
}

/**
 * usage-based-routing: the deployment with the most headroom under its rpm and tpm this minute first. Headroom is the
 * smaller of the unused fractions of rpm and tpm (1 for a deployment with neither limit); ties go to fewer tokens,
 * then fewer requests, then chance. A deployment at or over a limit is left out while any candidate has headroom;
 * when none has, all are returned, soonest window reset first (with fixed clock-minute windows that is the same
 * moment for all, so least over its limit first).
 */
function rankByUsage(tiers: Deployment[][], input: RankInput): Deployment[] {
  const usage = (deployment: Deployment) => {
    const load = loadOf(input, deployment);
    const fractions: number[] = [];
    if (deployment.rpm !== undefined) fractions.push(unusedFraction(load.requests, deployment.rpm));
    if (deployment.tpm !== undefined) fractions.push(unusedFraction(load.tokens, deployment.tpm));
    return { load, headroom: fractions.length === 0 ? 1 : Math.min(...fractions) };
  };
  const open = tiers
    .map((tier) => tier.filter((deployment) => usage(deployment).headroom > 0))
    .filter((tier) => tier.length > 0);
  if (open.length > 0) {
    return open.flatMap((tier) =>
      sortWithRandomTies(tier, (deployment) => {
        const { load, headroom } = usage(deployment);
        return [-headroom, load.tokens, load.requests];
      }, input.random),
    );
  }
  const resetAt = (minuteOf(input.now) + 1) * minuteMs;
  return tiers.flatMap((tier) => sortWithRandomTies(tier, (deployment) => [resetAt, -usage(deployment).headroom], input.random));
}

/** A limit of 0 allows nothing, so it has no headroom (rather than 0/0). */
function unusedFraction(used: number, limit: number): number {
  return limit > 0 ? 1 - used / limit : 0;
}

function loadOf(input: RankInput, deployment: Deployment): DeploymentLoad {
  return input.loads.get(deployment.id) ?? { inFlight: 0, requests: 0, tokens: 0 };
}

/** Sorts by the score tuple, lowest first; equal scores are ordered at random so no deployment wins every tie. */
export function sortWithRandomTies(deployments: readonly Deployment[], score: (deployment: Deployment) => number[], random: () => number): Deployment[] {
  const scored = deployments.map((deployment) => ({ deployment, score: score(deployment), tie: random() }));
  scored.sort((left, right) => {
    for (let index = 0; index < left.score.length; index += 1) {
      // Compared, not subtracted: Infinity - Infinity (two unpriced deployments) would be NaN.
      if (left.score[index]! < right.score[index]!) return -1;
      if (left.score[index]! > right.score[index]!) return 1;
    }
    return left.tie - right.tie;
  });
  return scored.map(({ deployment }) => deployment);
}
