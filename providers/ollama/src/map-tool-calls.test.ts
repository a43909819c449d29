import { describe, expect, it } from 'vitest';
import { mapOllamaToolCall } from './map-tool-calls.js';

describe('mapOllamaToolCall', () => {
  const newId = () => 'call_generated';

  it("keeps Ollama's id and writes the arguments object as JSON text in its key order", () => {
    expect(mapOllamaToolCall({ id: 'call_k3n9x2pq', function: { index: 0, name: 'get_weather', arguments: { city: 'Tokyo', unit: 'celsius' } } }, newId)).toEqual({
      id: 'call_k3n9x2pq',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Tokyo","unit":"celsius"}' },
    });
  });

  it('generates an id when Ollama sends none', () => {
    expect(mapOllamaToolCall({ function: { name: 'now', arguments: {} } }, newId)).toEqual({ id: 'call_generated', type: 'function', function: { name: 'now', arguments: '{}' } });
  });

  it('refuses a call without a name', () => {
    expect(() => mapOllamaToolCall({ function: { name: '', arguments: {} } }, newId)).toThrow('ollama sent a tool call without a function name');
  });
});
