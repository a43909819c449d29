/** Failure counts and cooldowns of deployments: in memory for one instance, in Redis for several. */
export interface CooldownStore {
  connect(): Promise<void>;
  close(): Promise<void>;
  /**
   * Counts one failure of `deploymentId` in the bucket (an error class, or `any`) and returns the count within the
   * current window, which starts at the first failure and lasts `windowMs`.
   */
  recordFailure(deploymentId: string, bucket: string, now: number, windowMs: number): Promise<number>;
  /** Cools the deployment down until `until` (clock ms), unless a cooldown that ends later is already running. */
  coolDown(deploymentId: string, until: number, now: number): Promise<void>;
  /** The end of each listed deployment's cooldown, for those cooling down at `now`. */
  coolingUntil(deploymentIds: readonly string[], now: number): Promise<Map<string, number>>;
  /** True when the store knows at once that no deployment is cooling down; a shared store cannot, and omits it. */
  nothingCooling?(): boolean;
}

/** The store of a single gateway instance. Expired entries are dropped as they are read. */
export class MemoryCooldownStore implements CooldownStore {
  private readonly failures = new Map<string, { count: number; windowEnd: number }>();
  private readonly cooldowns = new Map<string, number>();

  async connect(): Promise<void> {}
  async close(): Promise<void> {}

  async recordFailure(deploymentId: string, bucket: string, now: number, windowMs: number): Promise<number> {
    const key = `${deploymentId}\n${bucket}`;
    const window = this.failures.get(key);
    if (window === undefined || window.windowEnd <= now) {
      this.failures.set(key, { count: 1, windowEnd: now + windowMs });
      return 1;
    }
    return ++window.count;
  }

  async coolDown(deploymentId: string, until: number, _now: number): Promise<void> {
    const current = this.cooldowns.get(deploymentId);
    if (current === undefined || current < until) this.cooldowns.set(deploymentId, until);
  }

  nothingCooling(): boolean {
    return this.cooldowns.size === 0;
  }

  async coolingUntil(deploymentIds: readonly string[], now: number): Promise<Map<string, number>> {
    const cooling = new Map<string, number>();
    if (this.cooldowns.size === 0) return cooling;
    for (const id of deploymentIds) {
      const until = this.cooldowns.get(id);
      if (until === undefined) continue;
      if (until > now) cooling.set(id, until);
      else this.cooldowns.delete(id);
    }
    return cooling;
  }
}
