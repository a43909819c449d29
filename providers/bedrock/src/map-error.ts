import { errorClassOfStatus, headerValue, saysContextWindowExceeded, upstreamError, type ErrorClass, type UpstreamError, type UpstreamFailure } from '@switchyard/core';

/*
 * Bedrock errors are `{"message": "…"}` with the exception's name in the x-amzn-ErrorType header, and sometimes in the
 * body as `__type` or `code`. Recorded traffic often lacks the header, so the status and the message words must
 * suffice: a 400 that says the input is too long is a context-window error, a 403 about the signature or the
 * security token is bad credentials rather than a missing permission.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
 */

const provider = 'bedrock';

/** Exception names → classes. Names are matched without their namespace (`com.amazon…#`) or `:`-suffix. */
const classOfType: Readonly<Record<string, ErrorClass>> = {
  validationexception: 'BadRequestError',
  accessdeniedexception: 'PermissionDeniedError',
  unrecognizedclientexception: 'AuthenticationError',
  invalidsignatureexception: 'AuthenticationError',
  incompletesignatureexception: 'AuthenticationError',
  expiredtokenexception: 'AuthenticationError',
  missingauthenticationtokenexception: 'AuthenticationError',
  resourcenotfoundexception: 'NotFoundError',
  throttlingexception: 'RateLimitError',
  servicequotaexceededexception: 'RateLimitError',
  modeltimeoutexception: 'TimeoutError',
  modelerrorexception: 'InternalServerError',
  modelstreamerrorexception: 'InternalServerError',
  internalserverexception: 'InternalServerError',
  serviceunavailableexception: 'ServiceUnavailableError',
  modelnotreadyexception: 'ServiceUnavailableError',
};

// Words AWS uses for bad credentials, answered with 403 rather than 401.
const badCredentials = /security token included in the request is (invalid|expired)|signature we calculated does not match|signature expired|request must contain .*(signature|authorization)|invalid api key|bearer token/i;

/** Maps a non-2xx Bedrock answer. */
export function mapBedrockError(failure: UpstreamFailure): UpstreamError {
  const { message, type } = readBody(failure.bodyText);
  const errorType = normaliseType(headerValue(failure.headers['x-amzn-errortype']) ?? type);
  return classify(failure.status, errorType, message ?? `bedrock answered ${failure.status}`, retryAfter(failure));
}

/**
 * Maps an exception frame of a ConverseStream (`:exception-type` throttlingException, validationException…) or a
 * generic `:message-type: error` frame, whose payload is `{"message": …}`.
 */
export function mapBedrockStreamException(exceptionType: string, payload: string): UpstreamError {
  const { message } = readBody(payload);
  const type = normaliseType(exceptionType);
  return classify(undefined, type, message ?? exceptionType, {});
}

function classify(status: number | undefined, type: string | undefined, message: string, headers: Record<string, string>): UpstreamError {
  let errorClass: ErrorClass = (type === undefined ? undefined : classOfType[type]) ?? (status === undefined ? 'InternalServerError' : errorClassOfStatus(status));
  if (status === 424) errorClass = 'InternalServerError';
  if (status === 429 && /not ready/i.test(message)) errorClass = 'ServiceUnavailableError';
  if ((errorClass === 'PermissionDeniedError' || errorClass === 'BadRequestError') && badCredentials.test(message)) errorClass = 'AuthenticationError';
  if (errorClass === 'BadRequestError' && saysContextWindowExceeded(message)) errorClass = 'ContextWindowExceededError';
  const keepHeaders = errorClass === 'RateLimitError' || errorClass === 'ServiceUnavailableError';
  return upstreamError(errorClass, { provider, upstreamStatus: status, message: `${provider}: ${message}`, headers: keepHeaders ? headers : {} });
}

function readBody(text: string): { message: string | undefined; type: string | undefined } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const message = body.message ?? body.Message;
    const type = body.__type ?? body.code;
    return { message: typeof message === 'string' ? message : undefined, type: typeof type === 'string' ? type : undefined };
  } catch {
    const trimmed = text.trim();
    return { message: trimmed === '' ? undefined : trimmed.slice(0, 1000), type: undefined };
  }
}

function normaliseType(type: string | undefined): string | undefined {
  if (type === undefined || type === '') return undefined;
  const name = type.slice(type.lastIndexOf('#') + 1).split(':')[0];
  return name.toLowerCase();
}

function retryAfter(failure: UpstreamFailure): Record<string, string> {
  const value = headerValue(failure.headers['retry-after']);
  return value === undefined ? {} : { 'retry-after': value };
}
