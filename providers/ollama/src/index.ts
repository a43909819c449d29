export { ollama as default, ollama } from './ollama-provider.js';
export { ollamaOptionTypes, type OllamaSettings } from './settings.js';
