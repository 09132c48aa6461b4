/**
 * Colours for labels crash-autofix creates. GitHub would make unknown labels
 * grey; a stable colour per name keeps them apart and the same on every run.
 */
const KNOWN: Record<string, string> = {
  'crash-autofix': '5319e7',
  regression: 'b60205',
  'low-confidence': 'fbca04',
};

const PALETTE = ['0e8a16', '1d76db', 'c5def5', 'd93f0b', 'e99695', 'f9d0c4', 'bfd4f2', 'd4c5f9', '006b75', 'fef2c0'];

export function labelColor(name: string): string {
  const known = KNOWN[name.toLowerCase()];
  if (known) return known;
  let hash = 0;
  for (const ch of name.toLowerCase()) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? 'ededed';
}
