export { mistral as default, mistral } from './mistral-provider.js';
export { mapMistralToolCallIds, hashMistralToolCallId, isMistralToolCallId } from './map-tool-call-id.js';
