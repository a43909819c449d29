import { errorCodes, type ErrorCode } from './error-codes.js';
import { errorClassDefaults, errorClassOf, type ErrorClass } from './error-class.js';

const gatewayErrorMarker = Symbol.for('switchyard.error');

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface GatewayErrorInit {
  message: string;
  code: ErrorCode | (string & {});
  status?: number;
  type?: string;
  param?: string | null;
  /** Whether the message may be shown to the client. Unexposed errors reach clients as a 500 internal_error. */
  expose?: boolean;
  /** Whether trying again (the same or another deployment) may succeed. */
  retryable?: boolean;
  /** Extra response headers, such as retry-after. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** The one error class every part of the gateway throws; it knows its status and its OpenAI-shaped body. */
export class GatewayError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly param: string | null;
  readonly expose: boolean;
  readonly retryable: boolean;
  readonly headers: Record<string, string>;

  constructor(init: GatewayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    const known = (errorCodes as Record<string, { status: number; type: string } | undefined>)[init.code];
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status ?? known?.status ?? 500;
    this.type = init.type ?? known?.type ?? 'server_error';
    this.param = init.param ?? null;
    this.expose = init.expose ?? true;
    this.retryable = init.retryable ?? false;
    this.headers = init.headers ?? {};
    Object.defineProperty(this, gatewayErrorMarker, { value: true });
  }

  /** True for a GatewayError from any copy of core loaded in the process. */
  static isGatewayError(value: unknown): value is GatewayError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[gatewayErrorMarker] === true;
  }

  toOpenAIError(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** Raised while loading config or plugins; it stops start-up and never reaches a client. */
export class ConfigError extends GatewayError {
  /** Every problem found, one line each (the first is also the message). */
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[], cause?: unknown) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super({ message: list.join('\n'), code: 'internal_error', expose: false, cause });
    this.problems = list;
  }
}

/** An unexpected throw from a plugin's tap, wrapped so the log names the plugin and hook. */
export class PluginError extends GatewayError {
  readonly plugin: string;
  readonly hook: string;
  constructor(plugin: string, hook: string, cause: unknown) {
    super({ message: `plugin ${plugin} failed in ${hook}`, code: 'plugin_error', expose: false, cause });
    this.plugin = plugin;
    this.hook = hook;
  }
}

export interface UpstreamErrorInit extends GatewayErrorInit {
  provider: string;
  /** The status the upstream answered with; undefined when no answer came (timeout, connection error). */
  upstreamStatus?: number;
  /** The class plugins match on; derived from `code` and the status when absent. */
  errorClass?: ErrorClass;
}

/** A failure of the upstream provider: an error status, a timeout, a broken connection or an unreadable answer. */
export class UpstreamError extends GatewayError {
  readonly provider: string;
  readonly upstreamStatus: number | undefined;
  /**
   * What kind of failure this is, in LiteLLM's names, so a plugin can decide on retries, cooldowns and fallbacks
   * without knowing any provider's wire format. A string rather than only a subclass, because `instanceof` fails
   * when a plugin resolves another copy of core.
   */
  readonly errorClass: ErrorClass;
  constructor(init: UpstreamErrorInit) {
    const errorClass = init.errorClass ?? errorClassOf(init.code, init.status ?? init.upstreamStatus);
    super({ ...init, retryable: init.retryable ?? errorClassDefaults[errorClass].retryable });
    this.provider = init.provider;
    this.upstreamStatus = init.upstreamStatus;
    this.errorClass = errorClass;
  }

  /** True for an UpstreamError from any copy of core loaded in the process. */
  static isUpstreamError(value: unknown): value is UpstreamError {
    return GatewayError.isGatewayError(value) && typeof (value as { errorClass?: unknown }).errorClass === 'string';
  }
}

/** A request parameter the chosen provider cannot carry. */
export class UnsupportedParameterError extends GatewayError {
  constructor(param: string, provider: string) {
    super({
      message: `${provider} does not support the parameter '${param}'. Remove it, or set drop_params to drop unsupported parameters.`,
      code: 'unsupported_parameter',
      param,
    });
  }
}

/** Statuses after which another try may succeed: 408, 409, 429 and 5xx; no status means the connection failed. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Turns anything thrown into a GatewayError without losing the original as `cause`. */
export function toGatewayError(error: unknown): GatewayError {
  if (GatewayError.isGatewayError(error)) return error;
  return new GatewayError({ message: 'internal error', code: 'internal_error', expose: false, cause: error });
}
