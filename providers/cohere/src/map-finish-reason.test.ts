import { describe, expect, it } from 'vitest';
import { cohereFinishError, mapCohereFinishReason } from './map-finish-reason.js';

describe('mapCohereFinishReason (https://docs.cohere.com/reference/chat, finish_reason)', () => {
  it('maps each documented reason, and anything unknown to null', () => {
    const reasons = ['COMPLETE', 'STOP_SEQUENCE', 'MAX_TOKENS', 'TOOL_CALL', 'ERROR', 'TIMEOUT', 'SOMETHING_NEW', undefined];
    expect(reasons.map(mapCohereFinishReason)).toStrictEqual(['stop', 'stop', 'length', 'tool_calls', null, null, null, null]);
  });

  it('turns ERROR and TIMEOUT into errors, with Cohere’s text when it sent one', () => {
    const error = cohereFinishError('ERROR', 'internal failure');
    const timeout = cohereFinishError('TIMEOUT', undefined);
    expect([error?.errorClass, error?.status, error?.code, error?.message]).toStrictEqual(['InternalServerError', 502, 'upstream_error', 'cohere: the generation ended with finish_reason ERROR: internal failure']);
    expect([timeout?.errorClass, timeout?.status, timeout?.code, timeout?.message]).toStrictEqual(['TimeoutError', 504, 'upstream_timeout', 'cohere: the generation ended with finish_reason TIMEOUT']);
    expect(cohereFinishError('COMPLETE', undefined)).toBeUndefined();
  });
});
