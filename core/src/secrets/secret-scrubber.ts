import { maskSecret } from './secret.js';

// Shapes of credentials that upstreams echo back in error messages even when we never logged them ourselves.
const keyShapes = /\b(sk|pk|rk|gsk|xai|key|nvapi|hf|pplx|fw|r8)[-_][A-Za-z0-9_\-*.]{12,}|\bAIza[0-9A-Za-z_-]{20,}|\bA(?:KIA|SIA)[A-Z0-9]{16}\b|\bBearer\s+[A-Za-z0-9._~+/=-]{12,}/g;

/**
 * Removes known secrets (every credential in the config) and anything shaped like an API key from text that may
 * reach a log or a client, such as an upstream's error body.
 */
export class SecretScrubber {
  private readonly known = new Set<string>();

  add(value: string | undefined): void {
    if (value && value.length >= 8) this.known.add(value);
  }

  scrub(text: string): string {
    let out = text;
    for (const value of this.known) if (out.includes(value)) out = out.split(value).join(maskSecret(value));
    return out.replace(keyShapes, (match) => maskSecret(match));
  }
}
