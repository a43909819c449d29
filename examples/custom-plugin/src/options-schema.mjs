// @ts-check

/**
 * @typedef {object} KeyQuotaOptions
 * @property {Array<{ name: string, key: string }>} keys
 * @property {number} limit
 * @property {'upstream' | 'requested'} report_model
 */

/**
 * The options of key-quota. Core checks them at start-up with one strict Ajv (every error at once, defaults filled
 * in), so a typo in the YAML stops the gateway with the option's path instead of surfacing at the first request.
 */
export const keyQuotaOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      minItems: 1,
      description: 'The API keys callers send as `Authorization: Bearer <key>`. Keys that share a name share a counter, which is how a key is rotated.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'key'],
        properties: {
          name: { type: 'string', minLength: 1, description: 'Who the key belongs to: the principal id other plugins see, and the name its requests are counted under.' },
          key: { type: 'string', minLength: 16, description: 'The key itself: at least 16 characters.' },
        },
      },
    },
    limit: { type: 'integer', minimum: 1, default: 60, description: 'Requests each caller may start per clock minute; the next one gets 429 with retry-after.' },
    report_model: {
      type: 'string',
      enum: ['upstream', 'requested'],
      default: 'upstream',
      description: "The model name answers carry: the upstream's own id, untouched, or the public name the caller asked for (hides which upstream serves it).",
    },
  },
};
