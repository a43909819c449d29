import { GatewayError, UnsupportedParameterError, type ChatRequest } from '@switchyard/core';
import { mapBedrockCacheControl } from './map-content.js';
import type { ConverseRequestBody, ConverseTool, ConverseToolChoice } from './wire-types.js';

/*
 * tools / tool_choice → toolConfig, response_format → outputConfig. Converse has no "none" tool choice: the tools
 * are left out instead, which Bedrock allows only while the conversation holds no toolUse or toolResult block.
 * Structured output uses Converse's own outputConfig.textFormat (the schema as a JSON string), not a forced tool.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolConfiguration.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html
 */

const provider = 'bedrock';

/** The toolConfig for a request, or undefined when it has none. `usesTools`: the messages hold tool calls or results. */
export function mapBedrockToolConfig(request: ChatRequest, usesTools: boolean): ConverseRequestBody['toolConfig'] {
  const tools = request.tools ?? [];
  const choice = request.tool_choice;
  if (request.parallel_tool_calls === false) {
    throw new GatewayError({ code: 'unsupported_parameter', param: 'parallel_tool_calls', message: 'bedrock cannot turn off parallel tool calls: Converse has no such switch. Remove parallel_tool_calls.' });
  }
  if (choice === 'none') {
    if (usesTools) {
      throw new GatewayError({
        code: 'unsupported_parameter',
        param: 'tool_choice',
        message: "bedrock cannot take tool_choice 'none' in a conversation with tool calls: Converse has no 'none' choice and needs the tools declared whenever tool calls or results are present",
      });
    }
    return undefined;
  }
  if (tools.length === 0) {
    if (choice !== undefined && choice !== 'auto') throw new GatewayError({ code: 'invalid_request', param: 'tool_choice', message: 'tool_choice names a tool, but the request declares no tools' });
    return undefined;
  }
  const mapped: ConverseTool[] = [];
  tools.forEach((tool, index) => {
    if (tool.type !== 'function') throw new UnsupportedParameterError(`tools[${index}].type`, provider);
    const fn = tool.function;
    const spec: NonNullable<ConverseTool['toolSpec']> = {
      name: fn.name,
      // OpenAI reads an absent `parameters` as a function without arguments; Bedrock needs that said as a schema.
      inputSchema: { json: fn.parameters ?? { type: 'object', properties: {} } },
    };
    if (fn.description !== undefined) spec.description = fn.description;
    if (typeof fn.strict === 'boolean') spec.strict = fn.strict;
    mapped.push({ toolSpec: spec });
    const cachePoint = mapBedrockCacheControl((tool as { cache_control?: unknown }).cache_control, `tools[${index}].cache_control`);
    if (cachePoint !== undefined) mapped.push(cachePoint);
  });
  const toolChoice = mapChoice(choice, tools.map((tool) => tool.function.name));
  return toolChoice === undefined ? { tools: mapped } : { tools: mapped, toolChoice };
}

function mapChoice(choice: ChatRequest['tool_choice'], names: string[]): ConverseToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  if (typeof choice === 'object' && choice.type === 'function') {
    if (!names.includes(choice.function.name)) {
      throw new GatewayError({ code: 'invalid_request', param: 'tool_choice.function.name', message: `tool_choice names '${choice.function.name}', which is not among the request's tools` });
    }
    return { tool: { name: choice.function.name } };
  }
  throw new UnsupportedParameterError('tool_choice', provider);
}

/** response_format → outputConfig; `text` needs nothing, `json_object` has no Converse equivalent. */
export function mapBedrockOutputConfig(format: ChatRequest['response_format']): ConverseRequestBody['outputConfig'] {
  if (format === undefined || format === null || format.type === 'text') return undefined;
  if (format.type === 'json_schema') {
    const definition = format.json_schema;
    if (definition?.schema === undefined) throw new GatewayError({ code: 'invalid_request', param: 'response_format.json_schema.schema', message: 'bedrock needs response_format.json_schema.schema' });
    const jsonSchema: { schema: string; name?: string; description?: string } = { schema: JSON.stringify(definition.schema), name: definition.name };
    if (definition.description !== undefined) jsonSchema.description = definition.description;
    return { textFormat: { type: 'json_schema', structure: { jsonSchema } } };
  }
  throw new GatewayError({
    code: 'unsupported_parameter',
    param: 'response_format.type',
    message: `bedrock does not support response_format '${(format as { type: string }).type}': Converse constrains output only to a JSON schema; use {"type": "json_schema", …}`,
  });
}
