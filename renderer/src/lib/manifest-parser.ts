// The manifest parser for the editor, loaded on first use (it brings yaml and zod).
// zod probes `new Function` once unless told not to; under the app's CSP (no eval) that
// probe is refused and reported, so turn its JIT off before the first parse.
import { config } from 'zod';
import { parseManifest } from '../../../shared/manifest/parse';

config({ jitless: true });

export { parseManifest };
