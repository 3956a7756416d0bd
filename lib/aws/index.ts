export * from './network';
export * from './eks-cluster';
export * from './workload-role';
