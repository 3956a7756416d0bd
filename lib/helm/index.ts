export * from './values';
export * from './chart-release';
export * from './values-check';
