export * from './output/failure.ts';
