import { minuteOf, type DeploymentLoad, type RoutingState } from './routing-state.js';

interface MinuteUsage {
  minute: number;
  requests: number;
  tokens: number;
}

/** The router's counters for one gateway instance. Each gateway builds its own, so two in one process share nothing. */
export class MemoryRoutingState implements RoutingState {
  private readonly inFlight = new Map<string, number>();
  private readonly usage = new Map<string, MinuteUsage>();
  private readonly latencies = new Map<string, number[]>();

  constructor(private readonly latencyWindow: number) {}

  async connect(): Promise<void> {}

  async close(): Promise<void> {}

  async attemptStarted(deploymentId: string, now: number, rpmLimit?: number): Promise<boolean> {
    const usage = this.usageOf(deploymentId, now);
    if (rpmLimit !== undefined && usage.requests >= rpmLimit) return false;
    this.inFlight.set(deploymentId, (this.inFlight.get(deploymentId) ?? 0) + 1);
    usage.requests += 1;
    return true;
  }

  attemptEnded(deploymentId: string): void {
    const count = this.inFlight.get(deploymentId) ?? 0;
    if (count <= 1) this.inFlight.delete(deploymentId);
    else this.inFlight.set(deploymentId, count - 1);
  }

  tokensUsed(deploymentId: string, tokens: number, now: number): void {
    this.usageOf(deploymentId, now).tokens += tokens;
  }

  latencyMeasured(deploymentId: string, latencyMs: number): void {
    const list = this.latencies.get(deploymentId) ?? [];
    list.push(latencyMs);
    if (list.length > this.latencyWindow) list.shift();
    this.latencies.set(deploymentId, list);
  }

  async read(deploymentIds: readonly string[], now: number): Promise<Map<string, DeploymentLoad>> {
    const minute = minuteOf(now);
    const loads = new Map<string, DeploymentLoad>();
    for (const id of deploymentIds) {
      const usage = this.usage.get(id);
      const current = usage !== undefined && usage.minute === minute ? usage : undefined;
      const latencies = this.latencies.get(id);
      loads.set(id, {
        inFlight: this.inFlight.get(id) ?? 0,
        requests: current?.requests ?? 0,
        tokens: current?.tokens ?? 0,
        ...(latencies === undefined ? {} : { latencyMs: average(latencies) }),
      });
    }
    return loads;
  }

  /** This minute's counters, started afresh when the minute changed. */
  private usageOf(deploymentId: string, now: number): MinuteUsage {
    const minute = minuteOf(now);
    let usage = this.usage.get(deploymentId);
    if (usage === undefined || usage.minute !== minute) {
      usage = { minute, requests: 0, tokens: 0 };
      this.usage.set(deploymentId, usage);
    }
    return usage;
  }
}

export function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
