import type { ChatRequest } from '@switchyard/core';
import { unsupportedByCohere } from './request-errors.js';
import type { CohereChatBody, CohereTool } from './wire-types.js';

/*
 * Tools: Cohere v2 takes OpenAI's function-tool shape ({type: 'function', function: {name, description, parameters}})
 * with the JSON schema as given. Its `parameters` is required, where OpenAI lets a function without parameters omit
 * it ("omitting parameters defines a function with an empty parameter list"), so that case is sent as the empty
 * object schema, which says the same thing.
 *
 * Strictness is one switch for all tools in Cohere (`strict_tools`), so it is set when every tool asks for `strict:
 * true`, and a request that mixes strict and non-strict tools is refused.
 *
 * tool_choice: Cohere has REQUIRED (call at least one tool) and NONE (call none), and chooses freely when it is
 * absent, which is OpenAI's 'auto'. It cannot be told to call one named function, so that is refused rather than
 * approximated. parallel_tool_calls: Cohere may call several tools in one turn and has no switch to stop it, so
 * `false` is refused; `true` is what it does anyway.
 * @see https://docs.cohere.com/reference/chat (tools, strict_tools, tool_choice)
 * @see https://docs.cohere.com/docs/tool-use-overview
 */

type ToolFields = Pick<CohereChatBody, 'tools' | 'strict_tools' | 'tool_choice'>;

export function mapCohereTools(request: ChatRequest): ToolFields {
  const out: ToolFields = {};
  if (request.parallel_tool_calls === false) {
    throw unsupportedByCohere('parallel_tool_calls', 'Cohere cannot be stopped from calling several tools in one turn; remove parallel_tool_calls or set it to true');
  }
  const tools = request.tools;
  if (tools !== undefined && tools !== null) {
    out.tools = tools.map((tool, index): CohereTool => {
      if (tool.type !== 'function') throw unsupportedByCohere(`tools[${index}].type`, `Cohere takes function tools, not '${(tool as { type: string }).type}'`);
      const { name, description, parameters } = tool.function;
      return {
        type: 'function',
        function: { name, ...(description === undefined ? {} : { description }), parameters: parameters ?? { type: 'object', properties: {} } },
      };
    });
    const strict = tools.map((tool) => tool.function.strict === true);
    if (strict.length > 0 && strict.every(Boolean)) out.strict_tools = true;
    else if (strict.some(Boolean)) {
      throw unsupportedByCohere(`tools[${strict.indexOf(true)}].function.strict`, 'Cohere makes tools strict all together (strict_tools), so strict must be the same on every tool');
    }
  }
  const choice = request.tool_choice;
  if (choice === 'required') out.tool_choice = 'REQUIRED';
  else if (choice === 'none') out.tool_choice = 'NONE';
  else if (typeof choice === 'object' && choice !== null) {
    throw unsupportedByCohere('tool_choice', `Cohere cannot be made to call one named function ('${choice.function?.name}'); use 'required', 'none' or 'auto'`);
  }
  return out;
}
