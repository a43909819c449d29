/**
 * OpenAI's `encoding_format: "base64"` embedding: the vector as little-endian float32 values, base64-encoded. The
 * official SDKs ask for it by default, so every provider whose upstream answers with plain floats packs them so.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create#embeddings-create-encoding_format
 */
export function embeddingToBase64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}
