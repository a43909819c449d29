import type { Deployment } from './deployment.js';

const maxWildcardCache = 1024;

/**
 * Finds the deployments serving a public model name: exact names first, then `*` patterns in config order. A pattern
 * deployment whose `litellm_params.model` also holds `*` gets the matched text put in its place, as in LiteLLM.
 */
export class DeploymentDirectory {
  private readonly exact = new Map<string, Deployment[]>();
  private readonly patterns: Array<{ regex: RegExp; deployments: Deployment[] }> = [];
  private readonly wildcardCache = new Map<string, Deployment[]>();

  constructor(readonly all: readonly Deployment[]) {
    const patternGroups = new Map<string, Deployment[]>();
    for (const deployment of all) {
      const target = deployment.model_name.includes('*') ? patternGroups : this.exact;
      const group = target.get(deployment.model_name);
      if (group) group.push(deployment);
      else target.set(deployment.model_name, [deployment]);
    }
    for (const [name, deployments] of patternGroups) {
      const source = name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('(.*)');
      this.patterns.push({ regex: new RegExp(`^${source}$`), deployments });
    }
  }

  /** Public model names without wildcards, in config order. */
  get names(): string[] {
    return [...this.exact.keys()];
  }

  find(modelName: string): readonly Deployment[] {
    const exact = this.exact.get(modelName);
    if (exact) return exact;
    if (this.patterns.length === 0) return [];
    const cached = this.wildcardCache.get(modelName);
    if (cached) return cached;
    for (const { regex, deployments } of this.patterns) {
      const match = regex.exec(modelName);
      if (!match) continue;
      const matched = match[1] ?? '';
      const resolved = deployments.map((deployment) =>
        deployment.model.includes('*') ? Object.freeze({ ...deployment, model: deployment.model.replace('*', matched) }) : deployment,
      );
      if (this.wildcardCache.size >= maxWildcardCache) this.wildcardCache.clear();
      this.wildcardCache.set(modelName, resolved);
      return resolved;
    }
    return [];
  }
}
