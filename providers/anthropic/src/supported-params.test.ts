import { describe, expect, it } from 'vitest';
import { anthropicSupportedParams } from './supported-params.js';

describe('anthropicSupportedParams', () => {
  it('lists exactly the params the mapping carries', () => {
    expect([...anthropicSupportedParams].sort()).toStrictEqual([
      'max_completion_tokens',
      'max_tokens',
      'n',
      'parallel_tool_calls',
      'reasoning_effort',
      'response_format',
      'stop',
      'stream_options',
      'temperature',
      'thinking',
      'tool_choice',
      'tools',
      'top_k',
      'top_p',
      'user',
    ]);
  });
});
