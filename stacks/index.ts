export * from './app';
export * from './environment-stack';
export * from './environments';
export * from './observability-stack';
export * from './platform-stack';
export * from './synth-summary';
