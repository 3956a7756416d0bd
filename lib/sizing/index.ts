export * from './capacity-figures';
export * from './cost';
export * from './load-profile';
export * from './node-plan';
export * from './price-table';
export * from './quantity';
export * from './size-for';
export * from './sizing-cost';
