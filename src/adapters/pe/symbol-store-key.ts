/**
 * The keys a Microsoft symbol store files a build under
 * (`name.exe/<image key>/name.exe`, `name.pdb/<pdb key>/name.pdb`), as
 * symstore and symsrv write them.
 */

/** `%08X%x` of the PE header's TimeDateStamp and SizeOfImage. */
export function imageStoreKey(timeDateStamp: number, sizeOfImage: number): string {
  return `${(timeDateStamp >>> 0).toString(16).toUpperCase().padStart(8, '0')}${(sizeOfImage >>> 0).toString(16)}`;
}

/** A PDB 7.00 key: the GUID's 32 hex digits without dashes, then the age in hex, upper case. */
export function pdbStoreKey(guid: string, age: number): string {
  return `${guid.replace(/-/g, '')}${(age >>> 0).toString(16)}`.toUpperCase();
}

/** A PDB 2.00 key (an NB10 record): `%08X%x` of its signature and age. */
export function pdb20StoreKey(signature: number, age: number): string {
  return imageStoreKey(signature, age).toUpperCase();
}

/** A GUID stored as Data1..3 little-endian and Data4 as bytes, as `5a9832e5-2872-41c1-838e-d98914e9b7ff`. */
export function guidText(bytes: Uint8Array, at: number): string {
  const b = Buffer.from(bytes.subarray(at, at + 16));
  const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, '0');
  const tail = b.subarray(8, 16).toString('hex');
  return `${hex(b.readUInt32LE(0), 8)}-${hex(b.readUInt16LE(4), 4)}-${hex(b.readUInt16LE(6), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}
