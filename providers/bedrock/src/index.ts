export { bedrock as default, bedrock } from './bedrock-provider.js';
export { bedrockSettingKeys, type BedrockSettings } from './settings.js';
export { bedrockThinkingBudgets } from './map-request.js';
