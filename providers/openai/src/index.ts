export { openai as default, openai } from './openai-provider.js';
export { openAIPresets, type OpenAIPreset } from './presets.js';
// The shared OpenAI wire mapping, for providers whose upstream speaks OpenAI's format under another URL and auth (Azure).
export { mapOpenAIError, mapOpenAIErrorPayload } from './map-error.js';
export { mapOpenAIResponse } from './map-response.js';
export { mapOpenAIStream } from './map-stream.js';
