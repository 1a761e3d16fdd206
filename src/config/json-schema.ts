import { z } from "zod";
import { registry } from "../core/registry.js";
import { pipelineSchema } from "./schema.js";

/**
 * JSON Schema of pipeline files, for editor completion (`# yaml-language-server: $schema=…`).
 * Steps become a `oneOf` of one-key objects, each with that step's own schema.
 */
export function pipelineJsonSchema(): Record<string, unknown> {
  const top = z.toJSONSchema(pipelineSchema, { io: "input", unrepresentable: "any" }) as Record<string, any>;
  const steps = [...registry.values()].map((def) => {
    const options = z.toJSONSchema(def.schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    delete options.$schema;
    return {
      type: "object",
      description: def.summary,
      properties: { [def.name]: { anyOf: [options, { type: "null" }] } },
      required: [def.name],
      additionalProperties: false,
    };
  });
  top.properties.steps.items = { oneOf: steps };
  top.title = "winnow pipeline";
  return top;
}
