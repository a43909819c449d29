export { openai as default, openai } from './openai-provider.js';
export { openAIPresets, type OpenAIPreset } from './presets.js';
