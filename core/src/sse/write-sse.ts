/** The SSE framing the gateway writes to clients, exactly as OpenAI frames it. */
export function sseData(json: string): string {
  return `data: ${json}\n\n`;
}

export const sseDone = 'data: [DONE]\n\n';
