import type { GatewayConfig } from '../config/config-types.js';
import type { GatewayHooks } from '../hooks/create-gateway-hooks.js';
import type { GatewayContext } from '../hooks/gateway-context.js';
import type { Logger } from '../log/logger.js';
import type { Deployment } from '../provider/deployment.js';

/** Time, injectable so tests use fake timers instead of sleeping. */
export interface Clock {
  now(): number;
}

/** What core hands a plugin's `apply` besides the hooks. */
export interface PluginRuntime {
  readonly coreVersion: string;
  readonly logger: Logger;
  readonly clock: Clock;
  /**
   * The loaded config with `os.environ/` resolved, including the LiteLLM sections (`router_settings`…) a plugin may
   * read. Read deployments from `deployments`, where credentials are wrapped in `Secret`.
   */
  readonly config: Readonly<GatewayConfig>;
  /** Every deployment in `model_list`, in config order. */
  readonly deployments: readonly Deployment[];
  /** The deployments serving a public model name, before `selectDeployment` ran (wildcards resolved). */
  deploymentsFor(modelName: string): readonly Deployment[];
  /**
   * Runs `selectDeployment` for a model name (the request's by default), leaving out the deployments in `exclude`,
   * and returns the first, or undefined when none is left. Fallback plugins call it between tries.
   */
  selectDeployment(context: GatewayContext, options?: { modelName?: string; exclude?: ReadonlySet<string> }): Promise<Deployment | undefined>;
}

/** A JSON schema object (ajv's JSONSchemaType of the options, or any schema ajv accepts). */
export type JsonSchema = Record<string, unknown>;

/** The plugin interface, version 1: what a plugin factory returns. */
export interface PluginV1<Options = unknown> {
  readonly specificationVersion: 'v1';
  /** The name taps carry and YAML `use:` names. */
  readonly name: string;
  /** The core versions this plugin works with, as a semver range ('^1.0.0'). */
  readonly core: string;
  /** Checks `options` at start-up; defaults in it are filled in. */
  readonly optionsSchema?: JsonSchema;
  readonly options: Options;
  /** Top-level request fields this plugin reads (e.g. `fallbacks`), with their schemas; core takes them out of the request. */
  readonly requestParams?: Readonly<Record<string, JsonSchema>>;
  /** Dotted keys of the LiteLLM sections this plugin implements ('router_settings.routing_strategy'). */
  readonly litellmSettings?: readonly string[];
  /** Registers taps, synchronously; async set-up goes in `hooks.ready`. */
  apply(hooks: GatewayHooks, options: Options, runtime: PluginRuntime): void;
}

export interface PluginDefinition<Options> {
  name: string;
  core: string;
  optionsSchema?: JsonSchema;
  requestParams?: Readonly<Record<string, JsonSchema>>;
  litellmSettings?: readonly string[];
  apply(hooks: GatewayHooks, options: Options, runtime: PluginRuntime): void;
}

/** A plugin factory: what a plugin package exports by default. */
export interface PluginFactory<Options> {
  (options?: Options): PluginV1<Options>;
  readonly pluginName: string;
  readonly optionsSchema?: JsonSchema;
  readonly core: string;
}

/** Declares a plugin; returns the factory that YAML `use:` and programmatic users both call. */
export function definePlugin<Options = Record<string, never>>(definition: PluginDefinition<Options>): PluginFactory<Options> {
  const factory = (options?: Options): PluginV1<Options> => ({
    specificationVersion: 'v1',
    name: definition.name,
    core: definition.core,
    optionsSchema: definition.optionsSchema,
    options: (options ?? {}) as Options,
    requestParams: definition.requestParams,
    litellmSettings: definition.litellmSettings,
    apply: definition.apply,
  });
  return Object.assign(factory, { pluginName: definition.name, optionsSchema: definition.optionsSchema, core: definition.core });
}

export function isPluginV1(value: unknown): value is PluginV1 {
  const candidate = value as Partial<PluginV1> | null;
  return typeof candidate === 'object' && candidate !== null && candidate.specificationVersion === 'v1' && typeof candidate.name === 'string' && typeof candidate.apply === 'function';
}
