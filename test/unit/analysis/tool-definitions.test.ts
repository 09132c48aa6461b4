import { describe, expect, it } from 'vitest';
import { ROOT_CAUSE_CATEGORIES } from '../../../src/domain/fix-proposal.js';
import { toolDefinitions } from '../../../src/analysis/tool-definitions.js';

describe('toolDefinitions', () => {
  const tools = toolDefinitions();
  const byName = new Map(tools.map((t) => [t.name, t]));

  it('offers the read-only tools then submit_fix, each with an object schema and no $schema key', () => {
    expect(tools.map((t) => t.name)).toEqual(['read_file', 'search_code', 'list_files', 'git_log', 'submit_fix']);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.inputSchema).not.toHaveProperty('$schema');
      expect(tool.description.length).toBeGreaterThan(20);
    }
    expect(byName.get('read_file')?.inputSchema).toMatchObject({
      required: ['path'],
      additionalProperties: false,
      properties: { path: { type: 'string', minLength: 1 }, start_line: { type: 'integer' }, end_line: { type: 'integer' } },
    });
    expect(byName.get('git_log')?.inputSchema).toMatchObject({ required: ['path'], properties: { max: { type: 'integer', minimum: 1, maximum: 50 } } });
  });

  it('generates the submit_fix schema from FixProposalSchema', () => {
    expect(byName.get('submit_fix')?.inputSchema).toMatchObject({
      required: ['root_cause', 'fix'],
      additionalProperties: false,
      properties: {
        root_cause: {
          required: ['summary', 'technical_details', 'category', 'severity', 'confidence'],
          properties: { category: { enum: [...ROOT_CAUSE_CATEGORIES] }, confidence: { minimum: 0, maximum: 1 } },
        },
        fix: {
          properties: {
            edits: { type: 'array', minItems: 1, maxItems: 20, items: { required: ['path', 'old_text', 'new_text'], additionalProperties: false } },
          },
        },
      },
    });
  });
});
