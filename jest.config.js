/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  // Synth tests are CPU-bound; two cores on CI.
  maxWorkers: 2,
};
