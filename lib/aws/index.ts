export * from './network';
export * from './eks-cluster';
export * from './workload-role';
export * from './cluster-addons';
