/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  // A fresh empty folder as LGTM_SHARED_CHARTS for every test file: nothing may read charts from outside the repository.
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  // One empty folder per run for the shipped environments' synth, shared by the test files of a worker (test/support/shipped-synth.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Synth tests are CPU-bound; two cores on CI.
  maxWorkers: 2,
};
