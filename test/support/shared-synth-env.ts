/** The variable through which jest's globalSetup names this run's folder of shared synths (shipped-synth.ts). */
export const SHARED_SYNTH_ENV = 'LGTM_TEST_SHARED_SYNTH';
