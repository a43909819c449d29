import { GatewayError, UnsupportedParameterError, type ChatRequest } from '@switchyard/core';
import { toGeminiJsonSchema } from './convert-schema.js';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from './wire-types.js';

/*
 * OpenAI `tools` / `tool_choice` → Gemini `tools[].functionDeclarations` / `toolConfig.functionCallingConfig`.
 * Parameters go in `parametersJsonSchema`, which takes JSON Schema as it is (the older `parameters` field takes only the
 * OpenAPI-subset Schema message and rejects keywords such as additionalProperties).
 * @see https://ai.google.dev/api/caching#FunctionDeclaration
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes
 */

export interface GeminiToolFields {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
}

export function mapGeminiTools(request: ChatRequest, provider: string): GeminiToolFields {
  const declarations = (request.tools ?? []).map((tool, index): GeminiFunctionDeclaration => {
    if (tool.type !== 'function') throw new UnsupportedParameterError(`tools[${index}].type`, provider);
    const declaration: GeminiFunctionDeclaration = { name: tool.function.name };
    if (tool.function.description !== undefined) declaration.description = tool.function.description;
    if (tool.function.parameters !== undefined) declaration.parametersJsonSchema = toGeminiJsonSchema(tool.function.parameters);
    return declaration;
  });

  // Gemini may always answer with several calls at once and has no switch to forbid it.
  if (request.parallel_tool_calls === false) throw new UnsupportedParameterError('parallel_tool_calls', provider);

  const fields: GeminiToolFields = {};
  if (declarations.length > 0) fields.tools = [{ functionDeclarations: declarations }];
  const choice = request.tool_choice;
  if (choice === undefined || choice === null) return fields;

  const names = new Set(declarations.map((declaration) => declaration.name));
  if (choice === 'auto' || choice === 'none') {
    if (declarations.length > 0) fields.toolConfig = { functionCallingConfig: { mode: choice === 'auto' ? 'AUTO' : 'NONE' } };
    return fields;
  }
  if (declarations.length === 0) throw new GatewayError({ code: 'invalid_request', param: 'tool_choice', message: 'tool_choice requires a tool call, but the request has no tools' });
  if (choice === 'required') {
    fields.toolConfig = { functionCallingConfig: { mode: 'ANY' } };
    return fields;
  }
  if (typeof choice === 'object' && choice.type === 'function' && typeof choice.function?.name === 'string') {
    if (!names.has(choice.function.name)) {
      throw new GatewayError({ code: 'invalid_request', param: 'tool_choice', message: `tool_choice names the function '${choice.function.name}', which is not among the request's tools` });
    }
    fields.toolConfig = { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
    return fields;
  }
  throw new UnsupportedParameterError('tool_choice', provider);
}
