export * from './values';
export * from './chart-release';
