/** What `health-check` names: a port that accepts, a URL that answers 2xx, or a running process. */
export type HealthTarget =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'http'; url: string }
  | { kind: 'process'; name: string };

export function describeHealthTarget(t: HealthTarget): string {
  return t.kind === 'tcp' ? `tcp://${t.host}:${t.port}` : t.kind === 'http' ? t.url : `process:${t.name}`;
}
