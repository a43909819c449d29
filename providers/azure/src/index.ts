export { azure as default, azure } from './azure-provider.js';
export { defaultAzureApiVersion, defaultModelInferenceApiVersion, type AzureSettings, type AzureAuth } from './settings.js';
