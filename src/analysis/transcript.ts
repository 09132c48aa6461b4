import type { AssistantBlock, StopReason, TokenUsage } from '../domain/model-client.js';

/** One step of a model conversation, JSON-serialisable and already redacted. */
export type TranscriptEntry =
  | { type: 'request'; turn: number; at: string; model: string; messageCount: number; system?: string; text: string[] }
  | { type: 'response'; turn: number; at: string; id: string; stopReason: StopReason | null; content: AssistantBlock[]; usage: TokenUsage }
  | { type: 'tool'; turn: number; at: string; toolUseId: string; name: string; input: unknown; isError: boolean; result: string }
  | { type: 'stop'; at: string; outcome: 'fix' | 'max-turns' | 'budget' | 'no-fix'; message: string };

/** Collects entries, redacting every string in them on the way in. */
export class TranscriptRecorder {
  readonly entries: TranscriptEntry[] = [];
  constructor(
    private readonly redact: (text: string) => string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  add(entry: DistributiveOmit<TranscriptEntry, 'at'>): void {
    this.entries.push(redactDeep({ ...entry, at: this.now().toISOString() }, this.redact));
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Applies `redact` to every string in a JSON-like value, keys included. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
