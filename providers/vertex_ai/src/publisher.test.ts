import { describe, expect, it } from 'vitest';
import { isEmbeddingModel, publisherOf } from './publisher.js';

describe('publisherOf', () => {
  it.each([
    ['claude-sonnet-4@20250514', 'anthropic'],
    ['claude-3-5-haiku@20241022', 'anthropic'],
    ['gemini-2.5-flash', 'google'],
    ['gemini-3-pro-preview', 'google'],
    ['text-embedding-005', 'google'],
  ])('%s → %s', (model, publisher) => {
    expect(publisherOf(model)).toBe(publisher);
  });
});

describe('isEmbeddingModel', () => {
  it.each([
    ['text-embedding-005', true],
    ['text-multilingual-embedding-002', true],
    ['textembedding-gecko@003', true],
    ['gemini-embedding-001', true],
    ['gemini-2.5-flash', false],
    ['claude-sonnet-4@20250514', false],
  ])('%s → %s', (model, expected) => {
    expect(isEmbeddingModel(model)).toBe(expected);
  });
});
