import type { ChatChunk, ChatResponse } from '../openai/chat-types.js';

/**
 * Replays a whole chat response as a stream, for a streamed request answered early (a cache hit): one chunk per
 * choice with its full message, then one with the finish reasons, then usage if the client asked for it.
 */
export async function* responseToChunks(response: ChatResponse, includeUsage: boolean): AsyncGenerator<ChatChunk> {
  const base = { id: response.id, object: 'chat.completion.chunk' as const, created: response.created, model: response.model, system_fingerprint: response.system_fingerprint };
  yield {
    ...base,
    choices: response.choices.map((choice) => {
      const { role, content, tool_calls, ...rest } = choice.message;
      return {
        index: choice.index,
        delta: {
          ...rest,
          role,
          content,
          ...(tool_calls ? { tool_calls: tool_calls.map((call, index) => ({ index, ...call })) } : {}),
        },
        finish_reason: null,
      };
    }),
  };
  yield { ...base, choices: response.choices.map((choice) => ({ index: choice.index, delta: {}, finish_reason: choice.finish_reason })) };
  if (includeUsage && response.usage) yield { ...base, choices: [], usage: response.usage };
}
