import type { ErrorObject, ValidateFunction } from 'ajv';
import { createRequestAjv, describeError, errorPath } from '../config/create-ajv.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { Endpoint, GatewayRequest } from '../hooks/gateway-context.js';
import { chatRequestSchema, embeddingsRequestSchema, isForbiddenRequestParam } from '../openai/request-schemas.js';
import type { JsonSchema } from '../plugin/plugin-spec.js';

export interface ValidatedRequest {
  request: GatewayRequest;
  gatewayParams: Record<string, unknown>;
}

const emptyParams: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Checks a parsed body against the OpenAI request schema of its endpoint, refuses fields that would let a client pick
 * where the gateway connects, and takes out the fields plugins declared as their own.
 */
export class RequestValidator {
  private readonly validators: Record<Endpoint, ValidateFunction>;
  private readonly pluginParams: Map<string, ValidateFunction>;

  constructor(pluginParams: Readonly<Record<string, JsonSchema>>) {
    const ajv = createRequestAjv();
    this.validators = { chat: ajv.compile(chatRequestSchema), embeddings: ajv.compile(embeddingsRequestSchema) };
    this.pluginParams = new Map(Object.entries(pluginParams).map(([name, schema]) => [name, ajv.compile(schema)]));
  }

  validate(endpoint: Endpoint, body: unknown): ValidatedRequest {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new GatewayError({ code: 'invalid_request', message: 'The request body must be a JSON object.' });
    }
    const validate = this.validators[endpoint];
    if (!validate(body)) {
      const errors = validate.errors ?? [];
      const error = pickError(errors);
      const param = error ? errorPath(error) : undefined;
      throw new GatewayError({
        code: 'invalid_request',
        message: error ? `Invalid value for '${param || 'body'}': ${describeWithSiblings(error, errors)}.` : 'Invalid request body.',
        param: param || null,
      });
    }
    const record = body as Record<string, unknown>;
    let gatewayParams = emptyParams as Record<string, unknown>;
    for (const key in record) {
      if (isForbiddenRequestParam(key)) {
        throw new GatewayError({
          code: 'forbidden_parameter',
          param: key,
          message: `'${key}' cannot be set by a request: the gateway's configuration decides where and how it connects upstream.`,
        });
      }
      const validateParam = this.pluginParams.get(key);
      if (validateParam === undefined) continue;
      if (!validateParam(record[key])) {
        const error = pickError(validateParam.errors ?? []);
        throw new GatewayError({ code: 'invalid_request', param: key, message: `Invalid value for '${errorPath(error!, key)}': ${describeError(error!)}.` });
      }
      if (gatewayParams === emptyParams) gatewayParams = {};
      gatewayParams[key] = record[key];
    }
    if (gatewayParams === emptyParams) return { request: record as GatewayRequest, gatewayParams };
    // A copy without the plugins' fields, so the caller's object is never changed.
    const request: Record<string, unknown> = {};
    for (const key in record) if (!(key in gatewayParams)) request[key] = record[key];
    return { request: request as GatewayRequest, gatewayParams };
  }
}

/** `must be string or array` when several branches of an anyOf each wanted another type at the same place. */
function describeWithSiblings(error: ErrorObject, errors: readonly ErrorObject[]): string {
  if (error.keyword !== 'type') return describeError(error);
  const types = errors
    .filter((other) => other.keyword === 'type' && other.instancePath === error.instancePath)
    .flatMap((other) => [(other.params as { type: string | string[] }).type].flat());
  return `must be ${[...new Set(types)].join(' or ')}`;
}

/** The most specific error: the deepest path, skipping ajv's anyOf and if wrappers when a real cause is there. */
function pickError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  let best = errors.find((error) => error.keyword !== 'anyOf' && error.keyword !== 'if');
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'if') continue;
    if (best === undefined || error.instancePath.length > best.instancePath.length) best = error;
  }
  return best ?? errors[0];
}
