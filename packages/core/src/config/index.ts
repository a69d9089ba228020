export * from './config-loader.ts';
export * from './describe-allowed.ts';
