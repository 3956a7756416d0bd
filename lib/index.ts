export * from './config';
export * from './helm';
