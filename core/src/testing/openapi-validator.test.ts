import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specsDir } from './fixtures.js';
import { openAPIValidator } from './openapi-validator.js';

describe('openAPIValidator', () => {
  it("compiles Anthropic's Stainless document, whose Model schema says `type: null` beside its anyOf", () => {
    const anthropic = openAPIValidator(join(specsDir(), 'anthropic', 'anthropic-openapi.stainless-2024-11.yaml'));
    expect(anthropic.check('CreateMessageParams', { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, world' }] })).toEqual([]);
    const presets = ['claude-3-5-sonnet-latest', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20240620', 'claude-3-opus-latest', 'claude-3-opus-20240229', 'claude-3-sonnet-20240229', 'claude-3-haiku-20240307', 'claude-2.1', 'claude-2.0', 'claude-instant-1.2'];
    expect(anthropic.check('Model', 42)).toEqual(['(root): must be string', `(root): must be one of ${presets.map((preset) => `"${preset}"`).join(', ')}`]);
  });

  it("lets null through where OpenAI's document says `nullable: true`, and nowhere else", () => {
    const openai = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
    expect(openai.check('ChatCompletionResponseMessage', { role: 'assistant', content: null, refusal: null })).toEqual([]);
    expect(openai.check('ChatCompletionResponseMessage', { role: null, content: null, refusal: null })).toEqual(['role: must be string', 'role: must be one of "assistant"']);
  });
});
