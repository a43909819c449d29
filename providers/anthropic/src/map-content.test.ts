import { describe, expect, it } from 'vitest';
import { mapTextContent, mapUserContent } from './map-content.js';

describe('map-content', () => {
  it('keeps cache_control on text parts and turns a jpeg data URL into a base64 image', () => {
    expect(
      mapUserContent([{ type: 'text', text: 'Look', cache_control: { type: 'ephemeral' } } as never, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } }], 'messages[0].content', 'anthropic'),
    ).toStrictEqual([
      { type: 'text', text: 'Look', cache_control: { type: 'ephemeral' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
    ]);
  });

  it('refuses a non-text part where only text is allowed (system, developer, tool content)', () => {
    expect(() => mapTextContent([{ type: 'image_url', image_url: { url: 'https://x/y.png' } }], 'messages[0].content', 'anthropic')).toThrow(
      "anthropic does not support the parameter 'messages[0].content[0].type'.",
    );
  });

  it('refuses a file part with neither file_data nor file_id', () => {
    expect(() => mapUserContent([{ type: 'file', file: {} }], 'messages[2].content', 'anthropic')).toThrow('anthropic: a file part needs file_data or file_id');
  });
});
