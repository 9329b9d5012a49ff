import type { KilnServices } from '../services/kiln-services.js';
import type { Output } from './output.js';

export interface CommandContext {
  out: Output;
  services: KilnServices;
  signal: AbortSignal;
}
