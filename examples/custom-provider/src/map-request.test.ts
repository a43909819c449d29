import { Secret, type ChatRequest } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapEchoRequest } from './map-request.mjs';

const settings = { baseUrl: 'http://echo.test', apiKey: new Secret('echo-key-0123456789'), headers: { 'x-team': 'docs' }, shout: undefined };

function thrown(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return error as { status: number; toOpenAIError(): unknown };
  }
  throw new Error('expected a throw');
}

describe('mapEchoRequest', () => {
  it('maps roles, text parts and max_tokens onto the echo wire', () => {
    const request: ChatRequest = {
      model: 'parrot-1',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello ' }, { type: 'text', text: 'there' }] },
        { role: 'assistant', content: null },
        { role: 'user', content: 'Again' },
      ],
      max_tokens: 5,
    };
    expect(mapEchoRequest(request, settings)).toEqual({
      url: 'http://echo.test/v1/echo',
      headers: { 'x-team': 'docs', 'content-type': 'application/json', accept: 'application/json', 'x-echo-key': 'echo-key-0123456789' },
      body: {
        model: 'parrot-1',
        turns: [
          { from: 'system', parts: ['Be brief.'] },
          { from: 'user', parts: ['Hello ', 'there'] },
          { from: 'assistant', parts: [] },
          { from: 'user', parts: ['Again'] },
        ],
        stream: false,
        limit: 5,
      },
    });
  });

  it('asks for a stream and passes the shout setting', () => {
    const upstream = mapEchoRequest({ model: 'parrot-1', messages: [{ role: 'user', content: 'Hi' }], stream: true }, { ...settings, shout: true });
    expect(upstream.headers.accept).toBe('text/event-stream');
    expect(upstream.body).toEqual({ model: 'parrot-1', turns: [{ from: 'user', parts: ['Hi'] }], stream: true, shout: true });
  });

  it('refuses a tool message with a 400 naming the message', () => {
    const error = thrown(() =>
      mapEchoRequest({ model: 'parrot-1', messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', content: '42', tool_call_id: 'call_1' }] }, settings),
    );
    expect(error.status).toBe(400);
    expect(error.toOpenAIError()).toEqual({
      error: {
        message: "echo does not support the parameter 'messages[1].role'. Remove it, or set drop_params to drop unsupported parameters.",
        type: 'invalid_request_error',
        param: 'messages[1].role',
        code: 'unsupported_parameter',
      },
    });
  });

  it('refuses an image part instead of dropping it', () => {
    const error = thrown(() =>
      mapEchoRequest({ model: 'parrot-1', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] }, settings),
    );
    expect(error.toOpenAIError()).toMatchObject({ error: { param: 'messages[0].content[1].type', code: 'unsupported_parameter' } });
  });

  it('refuses max_tokens and max_completion_tokens that disagree', () => {
    const error = thrown(() => mapEchoRequest({ model: 'parrot-1', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5, max_completion_tokens: 6 }, settings));
    expect(error.toOpenAIError()).toEqual({
      error: { message: 'max_tokens and max_completion_tokens differ; send one of them.', type: 'invalid_request_error', param: 'max_tokens', code: 'invalid_request' },
    });
  });
});
