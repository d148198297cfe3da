export * from './halls';
export * from './services';
export * from './counters';
export * from './staff';
export * from './tickets';
export * from './events';
export * from './ratings';
export * from './relations';
