import type { Clock, Deployment } from '@switchyard/core';
import { isCausedByRequest } from './classify-error.js';
import type { CooldownStore } from './cooldown-store.js';
import type { AllowedFailsPolicy, ErrorClass } from './options-schema.js';

/** LiteLLM counts failures per minute. */
export const failureWindowMs = 60_000;

export interface CooldownSettings {
  allowed_fails: number;
  allowed_fails_policy: AllowedFailsPolicy;
  cooldown_time: number;
}

/** What `filter` leaves for the caller: the deployments to use, and whether all of them were cooling down. */
export interface FilteredDeployments {
  deployments: Deployment[];
  allCooling: boolean;
}

/** Decides when a deployment is cooled down and which deployments a request may use. Knows nothing about hooks. */
export class DeploymentCooldowns {
  constructor(
    private readonly store: CooldownStore,
    private readonly settings: CooldownSettings,
    private readonly clock: Clock,
    /** How many deployments serve a model name: a deployment alone in its group is never cooled down. */
    private readonly groupSize: (modelName: string) => number,
  ) {}

  /** Counts a failure; cools the deployment down once its failures in the window exceed what is allowed. */
  async noteFailure(deployment: Deployment, errorClass: ErrorClass): Promise<void> {
    const allowed = this.allowedFails(errorClass);
    if (allowed === undefined || this.groupSize(deployment.model_name) <= 1) return;
    const now = this.clock.now();
    const bucket = this.settings.allowed_fails_policy[`${errorClass}AllowedFails` as keyof AllowedFailsPolicy] === undefined ? 'any' : errorClass;
    const failures = await this.store.recordFailure(deployment.id, bucket, now, failureWindowMs);
    // LiteLLM's allowed_fails are tolerated: the failure after them starts the cooldown.
    if (failures > allowed) await this.store.coolDown(deployment.id, now + this.settings.cooldown_time * 1000, now);
  }

  /**
   * Leaves out deployments cooling down. When every one is, none is dropped: they come back ordered by the end of
   * their cooldown, so a request still has somewhere to go.
   */
  /** True when the store knows at once that no deployment is cooling down (a store in memory can tell). */
  nothingCooling(): boolean {
    return this.store.nothingCooling?.() === true;
  }

  async filter(deployments: readonly Deployment[]): Promise<FilteredDeployments> {
    const cooling = await this.store.coolingUntil(
      deployments.map((deployment) => deployment.id),
      this.clock.now(),
    );
    if (cooling.size === 0) return { deployments: [...deployments], allCooling: false };
    const available = deployments.filter((deployment) => !cooling.has(deployment.id));
    if (available.length > 0) return { deployments: available, allCooling: false };
    const bySoonestEnd = [...deployments].sort((left, right) => cooling.get(left.id)! - cooling.get(right.id)!);
    return { deployments: bySoonestEnd, allCooling: true };
  }

  /** Failures tolerated for a class, or undefined when the class never cools a deployment down. */
  private allowedFails(errorClass: ErrorClass): number | undefined {
    if (isCausedByRequest(errorClass)) return undefined;
    const policy = this.settings.allowed_fails_policy[`${errorClass}AllowedFails` as keyof AllowedFailsPolicy];
    if (policy !== undefined) return policy;
    // A bad key is the operator's to fix, not a passing failure; cool it down only when the policy asks to.
    if (errorClass === 'AuthenticationError') return undefined;
    return this.settings.allowed_fails;
  }
}
