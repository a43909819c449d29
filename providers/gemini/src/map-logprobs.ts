import type { GeminiCandidate, GeminiLogprobsCandidate } from './wire-types.js';

/*
 * Candidate.logprobsResult → OpenAI's choice.logprobs. chosenCandidates[i] is the token picked at step i and
 * topCandidates[i] the most likely tokens at that step (as many as generationConfig.logprobs asked for).
 * `bytes` is the token's UTF-8 encoding, as OpenAI gives it.
 * @see https://ai.google.dev/api/generate-content#LogprobsResult
 */

export interface OpenAITokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }>;
}

export interface OpenAILogprobs {
  content: OpenAITokenLogprob[];
  refusal: null;
}

export function mapGeminiLogprobs(result: GeminiCandidate['logprobsResult']): OpenAILogprobs | undefined {
  if (result?.chosenCandidates === undefined) return undefined;
  const content = result.chosenCandidates.map((chosen, step): OpenAITokenLogprob => ({
    ...tokenOf(chosen),
    top_logprobs: (result.topCandidates?.[step]?.candidates ?? []).map(tokenOf),
  }));
  return { content, refusal: null };
}

function tokenOf(candidate: GeminiLogprobsCandidate): { token: string; logprob: number; bytes: number[] } {
  const token = candidate.token ?? '';
  // proto3 JSON leaves a log probability of exactly 0 out.
  return { token, logprob: candidate.logProbability ?? 0, bytes: [...Buffer.from(token, 'utf8')] };
}
