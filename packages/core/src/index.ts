export * from './errors/errors';
export * from './tensor/tensor-data';
