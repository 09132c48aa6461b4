/** Where the Anthropic key comes from, for the line that says it is missing: the CLI reads only the environment. */
export function apiKeyHint(origin: 'action' | 'cli'): string {
  return origin === 'action' ? "the 'anthropic-api-key' input or ANTHROPIC_API_KEY" : 'the ANTHROPIC_API_KEY environment variable';
}
