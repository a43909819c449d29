import { upstreamError, type FinishReason, type UpstreamError } from '@switchyard/core';

/*
 * Cohere's finish_reason → OpenAI's. COMPLETE and STOP_SEQUENCE both mean the model stopped on its own or on a
 * stop sequence ('stop'); MAX_TOKENS is 'length'; TOOL_CALL is 'tool_calls'. ERROR and TIMEOUT are not endings but
 * failures, so they become errors (cohereFinishError); anything else unknown is null, never guessed.
 * @see https://docs.cohere.com/reference/chat (response: finish_reason)
 */

export function mapCohereFinishReason(raw: string | undefined): FinishReason | null {
  switch (raw) {
    case 'COMPLETE':
    case 'STOP_SEQUENCE':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    default:
      return null;
  }
}

/**
 * The error a failed generation becomes: ERROR → InternalServerError (502), TIMEOUT → TimeoutError (504), with
 * Cohere's own error text when it sent one (`delta.error` of a stream's message-end). Undefined for any other reason.
 */
export function cohereFinishError(raw: string | undefined, detail: string | undefined): UpstreamError | undefined {
  if (raw !== 'ERROR' && raw !== 'TIMEOUT') return undefined;
  const said = detail !== undefined && detail.trim() !== '' ? `: ${detail}` : '';
  const message = `cohere: the generation ended with finish_reason ${raw}${said}`;
  return raw === 'ERROR'
    ? upstreamError('InternalServerError', { provider: 'cohere', upstreamStatus: 200, message })
    : upstreamError('TimeoutError', { provider: 'cohere', upstreamStatus: 200, message });
}
