import type { Deployment } from '@switchyard/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryCooldownStore } from './cooldown-store.js';
import { DeploymentCooldowns } from './deployment-cooldowns.js';

const deployment = (id: string, model_name = 'gpt-4o') => ({ id, model_name }) as Deployment;
const first = deployment('first');
const second = deployment('second');
const alone = deployment('alone', 'solo-model');

describe('DeploymentCooldowns', () => {
  let now: number;
  let store: MemoryCooldownStore;
  const clock = { now: () => now };
  const groupSize = (modelName: string) => (modelName === 'solo-model' ? 1 : 2);
  const cooldownsWith = (allowed_fails: number, allowed_fails_policy = {}) =>
    new DeploymentCooldowns(store, { allowed_fails, allowed_fails_policy, cooldown_time: 10 }, clock, groupSize);

  beforeEach(() => {
    now = 1_000_000;
    store = new MemoryCooldownStore();
  });

  it('cools a deployment down once its failures in a minute exceed allowed_fails', async () => {
    const cooldowns = cooldownsWith(1);
    await cooldowns.noteFailure(first, 'InternalServerError');
    expect(await store.coolingUntil(['first'], now)).toEqual(new Map());
    await cooldowns.noteFailure(first, 'InternalServerError');
    expect(await store.coolingUntil(['first'], now)).toEqual(new Map([['first', now + 10_000]]));
  });

  it('does not add up failures of different minutes', async () => {
    const cooldowns = cooldownsWith(1);
    await cooldowns.noteFailure(first, 'RateLimitError');
    now += 60_000;
    await cooldowns.noteFailure(first, 'RateLimitError');
    expect(await store.coolingUntil(['first'], now)).toEqual(new Map());
  });

  it('never cools down a deployment alone in its model group', async () => {
    const cooldowns = cooldownsWith(0);
    await cooldowns.noteFailure(alone, 'InternalServerError');
    expect(await store.coolingUntil(['alone'], now)).toEqual(new Map());
  });

  it('never counts a bad request', async () => {
    const cooldowns = cooldownsWith(0);
    await cooldowns.noteFailure(first, 'BadRequestError');
    await cooldowns.noteFailure(first, 'ContextWindowExceededError');
    expect(await store.coolingUntil(['first'], now)).toEqual(new Map());
  });

  it('takes the threshold of a class from allowed_fails_policy', async () => {
    const cooldowns = cooldownsWith(5, { RateLimitErrorAllowedFails: 0 });
    await cooldowns.noteFailure(first, 'RateLimitError');
    await cooldowns.noteFailure(second, 'InternalServerError');
    expect(await store.coolingUntil(['first', 'second'], now)).toEqual(new Map([['first', now + 10_000]]));
  });

  it('never shortens a longer cooldown already running', async () => {
    await store.coolDown('first', now + 60_000, now);
    await cooldownsWith(0).noteFailure(first, 'InternalServerError');
    expect(await store.coolingUntil(['first'], now)).toEqual(new Map([['first', now + 60_000]]));
  });

  it('leaves cooling deployments out while others remain', async () => {
    await store.coolDown('first', now + 10_000, now);
    expect(await cooldownsWith(3).filter([first, second])).toEqual({ deployments: [second], allCooling: false });
  });

  it('orders a group that is all cooling down by the end of each cooldown', async () => {
    await store.coolDown('first', now + 20_000, now);
    await store.coolDown('second', now + 10_000, now);
    expect(await cooldownsWith(3).filter([first, second])).toEqual({ deployments: [second, first], allCooling: true });
  });

  it('takes a deployment back once its cooldown ended', async () => {
    await store.coolDown('first', now + 10_000, now);
    now += 10_000;
    expect(await cooldownsWith(3).filter([first, second])).toEqual({ deployments: [first, second], allCooling: false });
  });
});
