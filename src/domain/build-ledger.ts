import type { CrashEvent, CrashRecord, FixedIn } from './crash-record.js';

/**
 * The build ledger: program build id → when a build with it was first deployed
 * (ISO time), from every `deployed` event of any signature. It orders builds
 * against a fix: a build first deployed after the fix contains it.
 */
export type BuildLedger = ReadonlyMap<string, string>;

/** The ledger with a `deployed` event's build ids added (the earliest time wins); other events leave it as is. */
export function ledgerWith(ledger: BuildLedger, event: CrashEvent): BuildLedger {
  if (event.kind !== 'deployed') return ledger;
  let next: Map<string, string> | null = null;
  for (const id of event.build.buildIds) {
    const known = (next ?? ledger).get(id);
    if (known !== undefined && instant(known) <= instant(event.at)) continue;
    next ??= new Map(ledger);
    next.set(id, event.at);
  }
  return next ?? ledger;
}

/** The ledger as the records' deployments tell it (a store that keeps no ledger of its own rebuilds it so). */
export function ledgerOfRecords(records: readonly CrashRecord[]): BuildLedger {
  const ledger = new Map<string, string>();
  for (const record of records) {
    for (const deployment of record.deployments) {
      for (const id of deployment.build.buildIds) {
        const known = ledger.get(id);
        if (known === undefined || instant(deployment.at) < instant(known)) ledger.set(id, deployment.at);
      }
    }
  }
  return ledger;
}

/**
 * Where a dump's build stands against a deployed fix:
 * - `fixed`: one of the fix's builds, or a build first deployed at or after it;
 * - `older`: a build first deployed before the fix;
 * - `unknown`: a build id no deployment named;
 * - `none`: the dump names no build.
 */
export type BuildPlace = 'fixed' | 'older' | 'unknown' | 'none';

export function placeBuild(build: string | null, fixedIn: FixedIn, ledger: BuildLedger): BuildPlace {
  if (build === null || build === '') return 'none';
  if (fixedIn.buildIds.includes(build)) return 'fixed';
  const deployedAt = ledger.get(build);
  if (deployedAt === undefined) return 'unknown';
  return instant(deployedAt) >= instant(fixedIn.at) ? 'fixed' : 'older';
}

/** ISO times carry offsets, so they are compared as instants, not as text. */
export function instant(iso: string): number {
  return Date.parse(iso);
}
