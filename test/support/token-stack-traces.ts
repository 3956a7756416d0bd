/**
 * cdktf records the full stack trace of every token it creates, only for the message of an error
 * about that token; under jest each capture is also mapped through the source maps, which made
 * constructing and synthesizing the bulk of the suite's time. The setup (test/support/setup.ts)
 * skips them, as `npm run synth` does (bin/main.ts), so tokens carry the empty trace; a test that
 * needs the real ones runs in `withTokenStackTraces`.
 */
interface TokenTraces {
  captureStackTrace: (below?: unknown) => string[];
}

// The module every cdktf token records its creation stack with; its callers read the export at each call.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const traces = require('cdktf/lib/tokens/private/stack-trace') as TokenTraces;
const capture = traces.captureStackTrace;
const skip = (): string[] => [];

/** Tokens created from now on carry no creation stack trace (an empty one). */
export function skipTokenStackTracesInTests(): void {
  traces.captureStackTrace = skip;
}

/** Runs `fn` with cdktf's own token stack traces, as a synth with LGTM_SYNTH_DEBUG=1 has them. */
export function withTokenStackTraces<T>(fn: () => T): T {
  const current = traces.captureStackTrace;
  traces.captureStackTrace = capture;
  try {
    return fn();
  } finally {
    traces.captureStackTrace = current;
  }
}
