import { describe, expect, it } from 'vitest';
import { toGeminiJsonSchema } from './convert-schema.js';

describe('toGeminiJsonSchema', () => {
  it('removes $schema at every depth and keeps every constraint, including properties named $schema', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { $schema: { type: 'string' }, tags: { type: 'array', items: { $schema: 'x', type: 'string', enum: ['a', 'b'] }, minItems: 1, uniqueItems: true } },
      $defs: { node: { type: 'object', properties: { next: { $ref: '#/$defs/node' } } } },
      anyOf: [{ required: ['tags'] }],
      additionalProperties: false,
      default: { $schema: 'data stays' },
    };
    expect(toGeminiJsonSchema(schema)).toEqual({
      type: 'object',
      properties: { $schema: { type: 'string' }, tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1, uniqueItems: true } },
      $defs: { node: { type: 'object', properties: { next: { $ref: '#/$defs/node' } } } },
      anyOf: [{ required: ['tags'] }],
      additionalProperties: false,
      default: { $schema: 'data stays' },
    });
  });
});
