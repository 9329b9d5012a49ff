// The transport the stores call, set once at start (tests set a fake one).
import type { Transport } from '../transport/transport';

let current: Transport | null = null;

export function setTransport(t: Transport | null): void {
  current = t;
}

export function transport(): Transport {
  if (!current) throw new Error('Kiln: no transport configured');
  return current;
}
