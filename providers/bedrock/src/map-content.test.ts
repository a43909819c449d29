import { describe, expect, it } from 'vitest';
import { checkBedrockShape } from '../test/service-model.js';
import { mapBedrockCacheControl, mapBedrockThinkingBlocks, mapBedrockUserContent } from './map-content.js';

const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('user content', () => {
  it('maps text, a data: URL image, a PDF file and cache points after the parts that ask for them', () => {
    const blocks = mapBedrockUserContent(
      [
        { type: 'text', text: 'Describe these.', cache_control: { type: 'ephemeral' } },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
        { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQK', filename: 'Q3 report (final).v2.pdf' }, cache_control: { type: 'ephemeral', ttl: '1h' } },
        { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } },
      ],
      'messages[0].content',
    );
    expect(blocks).toEqual([
      { text: 'Describe these.' },
      { cachePoint: { type: 'default' } },
      { image: { format: 'png', source: { bytes: png } } },
      { document: { format: 'pdf', name: 'Q3 report (final)-v2', source: { bytes: 'JVBERi0xLjQK' } } },
      { cachePoint: { type: 'default', ttl: '1h' } },
      { document: { format: 'pdf', name: 'document-2', source: { bytes: 'JVBERi0xLjQK' } } },
    ]);
    expect(checkBedrockShape('ContentBlocks', blocks)).toEqual([]);
  });

  it('refuses an https image URL with a 400 naming the param: the gateway never fetches URLs from a request', () => {
    expect(() => mapBedrockUserContent([{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }], 'messages[1].content')).toThrow(
      expect.objectContaining({ status: 400, code: 'invalid_request', param: 'messages[1].content[0].image_url.url' }),
    );
  });

  it.each([
    [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }, 'invalid_request', 'messages[0].content[0].image_url.url'],
    [{ type: 'file', file: { file_id: 'file-abc' } }, 'unsupported_parameter', 'messages[0].content[0].file.file_id'],
    [{ type: 'file', file: { file_data: 'data:text/plain;base64,aGk=' } }, 'invalid_request', 'messages[0].content[0].file.file_data'],
    [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }, 'unsupported_parameter', 'messages[0].content[0].type'],
    [{ type: 'text', text: 'x', cache_control: { type: 'persistent' } }, 'invalid_request', 'messages[0].content[0].cache_control'],
  ])('refuses %j', (part, code, param) => {
    expect(() => mapBedrockUserContent([part as never], 'messages[0].content')).toThrow(expect.objectContaining({ status: 400, code, param }));
  });
});

describe('cache_control and thinking blocks', () => {
  it('has no cache point without cache_control', () => {
    expect(mapBedrockCacheControl(undefined, 'x')).toBeUndefined();
  });

  it('maps signed and redacted thinking blocks to reasoningContent', () => {
    expect(mapBedrockThinkingBlocks([{ type: 'thinking', thinking: 'hmm', signature: 'c2ln' }, { type: 'redacted_thinking', data: 'ZW5j' }], 'messages[1].thinking_blocks')).toEqual([
      { reasoningContent: { reasoningText: { text: 'hmm', signature: 'c2ln' } } },
      { reasoningContent: { redactedContent: 'ZW5j' } },
    ]);
  });
});

describe('the service-model walker', () => {
  it('catches what Bedrock would refuse', () => {
    expect(
      checkBedrockShape('ConverseRequest', { messages: [{ role: 'tool', content: [{ text: 'a', image: { format: 'bmp', source: { bytes: 'x' } } }] }], inferenceConfig: { temperature: 2 }, extra: 1 }),
    ).toEqual([
      '$.messages[0].role: must be one of user, assistant, system',
      '$.messages[0].content[0]: a ContentBlock union must have exactly one member, has 2',
      '$.messages[0].content[0].image.format: must be one of png, jpeg, gif, webp',
      '$.inferenceConfig.temperature: must be <= 1',
      '$.extra: is not a member of ConverseRequest',
    ]);
  });
});
