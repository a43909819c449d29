import type { Secret } from '../secrets/secret.js';

/**
 * One upstream deployment: an entry of `model_list`, resolved. Several deployments may share one public `model_name`.
 * Field names are the config's own (snake_case), so the YAML key and the property are the same word.
 */
export interface Deployment {
  /** `model_info.id`, else a stable hash of the entry. */
  readonly id: string;
  /** The public name clients ask for; may hold one `*` that matches any text. */
  readonly model_name: string;
  /** The provider prefix of `litellm_params.model` (`groq` in `groq/llama-3.1-8b`), or `custom_llm_provider`. */
  readonly provider: string;
  /** The upstream model id: `litellm_params.model` after its prefix. */
  readonly model: string;
  readonly api_base?: string;
  readonly api_key?: Secret;
  readonly api_version?: string;
  /** Extra headers sent upstream with every call (`litellm_params.extra_headers` or `headers`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Seconds for the whole upstream call. */
  readonly timeout?: number;
  /** Seconds until the first byte of a streamed answer. */
  readonly stream_timeout?: number;
  readonly rpm?: number;
  readonly tpm?: number;
  readonly weight?: number;
  readonly order?: number;
  readonly max_parallel_requests?: number;
  readonly drop_params?: boolean;
  /** OpenAI request params from `litellm_params` (`temperature`, `max_tokens`…): defaults the request may override. */
  readonly request_defaults: Readonly<Record<string, unknown>>;
  /** Every other `litellm_params` key, for the provider to read (`vertex_project`, `aws_region_name`…). */
  readonly provider_params: Readonly<Record<string, unknown>>;
  readonly model_info: Readonly<Record<string, unknown>>;
}
