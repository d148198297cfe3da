import { z } from 'zod';

/*
 * Runs in the browser before the pages' own code (Next's instrumentation-client convention).
 * zod 4 compiles object parsers with `new Function` when it may, and finds out by trying one:
 * under the pages' script policy (no eval) that try is refused and reported as a violation on
 * every page that uses a contract. Parsing without the compiled fast path is what the policy
 * leaves anyway; saying so up front skips the try. The server keeps zod's fast path.
 */
z.config({ jitless: true });
