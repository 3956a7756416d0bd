export * from './tier';
export * from './charts';
export * from './platform-versions';
export * from './environment-config';
export * from './validate';
