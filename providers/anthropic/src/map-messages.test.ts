import { describe, expect, it } from 'vitest';
import { mapAnthropicMessages } from './map-messages.js';

describe('mapAnthropicMessages', () => {
  it('lifts a developer message from mid-conversation into system and keeps the turns alternating', () => {
    expect(
      mapAnthropicMessages(
        [
          { role: 'user', content: 'Q1' },
          { role: 'assistant', content: 'A1' },
          { role: 'developer', content: 'Answer in French from now on.' },
          { role: 'user', content: 'Q2' },
        ],
        'anthropic',
      ),
    ).toStrictEqual({
      system: [{ type: 'text', text: 'Answer in French from now on.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Q1' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'A1' }] },
        { role: 'user', content: [{ type: 'text', text: 'Q2' }] },
      ],
    });
  });

  it('keeps a cache_control on a tool message on its tool_result block', () => {
    expect(mapAnthropicMessages([{ role: 'tool', tool_call_id: 'toolu_1', content: 'big result', cache_control: { type: 'ephemeral' } } as never], 'anthropic').messages).toStrictEqual([
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'big result', cache_control: { type: 'ephemeral' } }] },
    ]);
  });

  it('refuses thinking_blocks that are not thinking or redacted_thinking blocks', () => {
    expect(() => mapAnthropicMessages([{ role: 'assistant', content: 'A', thinking_blocks: [{ type: 'thinking', thinking: 'no signature' }] } as never], 'anthropic')).toThrow(
      "messages[0].thinking_blocks[0] must be {type: 'thinking', thinking, signature} or {type: 'redacted_thinking', data}",
    );
  });
});
