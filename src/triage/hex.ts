/** Addresses as the report writes them, whatever the debugger printed. */

/** `0x00007FF6A1B2C3D4`, `00007ff6``a1b2c3d4` and `7ff6a1b2c3d4` all become `0x7ff6a1b2c3d4`; anything else null. */
export function normalizeHex(value: string | null): string | null {
  if (value === null) return null;
  const digits = value.trim().replace(/`/g, '').replace(/^0x/i, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(digits)) return null;
  return `0x${digits.replace(/^0+(?=.)/, '')}`;
}
