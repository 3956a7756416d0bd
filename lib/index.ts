export * from './config';
export * from './helm';
export * from './aws';
export * from './compliance';
