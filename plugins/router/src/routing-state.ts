/** What the router knows about one deployment when it ranks: only the parts its strategy tracks are filled in. */
export interface DeploymentLoad {
  /** Attempts started and not yet finished, across every instance sharing the state. */
  inFlight: number;
  /** Attempts started in the current clock minute. */
  requests: number;
  /** Tokens (usage.total_tokens) reported in the current clock minute. */
  tokens: number;
  /** Moving average of the latest attempts' latency; absent until one was measured. */
  latencyMs?: number;
}

/** Which counters a strategy needs: a store keeps and reads only those, so unused ones cost nothing. */
export interface TrackedLoad {
  inFlight: boolean;
  usage: boolean;
  latency: boolean;
}

/**
 * Where the router's counters live: in memory for one instance, in Redis for several. Writes that only feed later
 * decisions (`attemptEnded`, `tokensUsed`, `latencyMeasured`) return nothing, so no request waits for them.
 */
export interface RoutingState {
  connect(): Promise<void>;
  close(): Promise<void>;
  /**
   * One attempt is about to call the deployment: in-flight + 1 and this minute's requests + 1, unless `rpmLimit` is
   * given and this minute's requests already reached it; then nothing is counted and the answer is false. Check and
   * increment are one step, so two instances sharing the counters can never both take a deployment's last request.
   */
  attemptStarted(deploymentId: string, now: number, rpmLimit?: number): Promise<boolean>;
  /** The attempt is over (answer, failure, or the end of its stream): in-flight − 1. */
  attemptEnded(deploymentId: string): void;
  tokensUsed(deploymentId: string, tokens: number, now: number): void;
  latencyMeasured(deploymentId: string, latencyMs: number): void;
  /** The tracked counters of each deployment, read at once (one Redis round trip). */
  read(deploymentIds: readonly string[], now: number): Promise<Map<string, DeploymentLoad>>;
}

export const minuteMs = 60_000;

/** Usage windows are fixed clock minutes, so every instance agrees on the window without talking to the others. */
export function minuteOf(now: number): number {
  return Math.floor(now / minuteMs);
}
