export * from './tier';
export * from './charts';
export * from './platform-versions';
export * from './environment-config';
export * from './validate';
export * from './data-versions';
export * from './chart-index';
