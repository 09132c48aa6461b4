/** Wraps untrusted text in `<tag>…</tag>` so that nothing inside can close or reopen the block. */
export function quoteUntrusted(tag: string, body: string): string {
  const neutralised = body.replace(new RegExp(String.raw`<(\s*/?\s*${tag})`, 'gi'), '&lt;$1');
  return `<${tag}>\n${neutralised}\n</${tag}>`;
}
