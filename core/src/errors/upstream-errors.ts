import { errorClassDefaults, type ErrorClass } from './error-class.js';
import { UpstreamError, type UpstreamErrorInit } from './gateway-error.js';

/** What a provider's error mapping gives: the provider, the upstream's status and message; the class fills the rest. */
export type ClassifiedErrorInit = Omit<UpstreamErrorInit, 'errorClass' | 'code'> & { code?: UpstreamErrorInit['code'] };

function classified(errorClass: ErrorClass, init: ClassifiedErrorInit): UpstreamErrorInit {
  const defaults = errorClassDefaults[errorClass];
  return { ...init, errorClass, code: init.code ?? defaults.code, status: init.status ?? defaults.status, type: init.type ?? defaults.type };
}

// One subclass per class, for plugins that prefer `instanceof`; `errorClass` is the same fact as a string.
export class AuthenticationError extends UpstreamError {
  constructor(init: ClassifiedErrorInit) { super(classified('AuthenticationError', init)); }
}
export class PermissionDeniedError extends UpstreamError {
  constructor(init: ClassifiedErrorInit) { super(classified('PermissionDeniedError', init)); }
}
export class NotFoundError extends UpstreamError {
  constructor(init: ClassifiedErrorInit) { super(classified('NotFoundError', init)); }
}
export class BadRequestError extends UpstreamError {
  constructor(init: ClassifiedErrorInit) { super(classified('BadRequestError', init)); }
}
export class ContextWindowExceededError extends UpstreamError {
  constructor(init: ClassifiedErrorInit) { super(classified('ContextWindowExceededError', init)); }
}
export class ContentPolicyViolationError extends UpstreamError {
  constructor(init: ClassifiedErrorInit) { super(classified('ContentPolicyViolationError', init)); }
}
export class RateLimitError extends UpstreamError {
  constructor(init: ClassifiedErrorInit) { super(classified('RateLimitError', init)); }
}
export class TimeoutError extends UpstreamError {
  constructor(init: ClassifiedErrorInit) { super(classified('TimeoutError', init)); }
}
export class ServiceUnavailableError extends UpstreamError {
  constructor(init: ClassifiedErrorInit) { super(classified('ServiceUnavailableError', init)); }
}
export class InternalServerError extends UpstreamError {
  constructor(init: ClassifiedErrorInit) { super(classified('InternalServerError', init)); }
}

const classes: Readonly<Record<ErrorClass, new (init: ClassifiedErrorInit) => UpstreamError>> = {
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  BadRequestError,
  ContextWindowExceededError,
  ContentPolicyViolationError,
  RateLimitError,
  TimeoutError,
  ServiceUnavailableError,
  InternalServerError,
};

/**
 * The error a provider's mapping returns once it knows the class: the right subclass, with the class's status, type
 * and code unless the init names its own.
 */
export function upstreamError(errorClass: ErrorClass, init: ClassifiedErrorInit): UpstreamError {
  return new classes[errorClass](init);
}
