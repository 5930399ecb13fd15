// Public API of @a3/parquet (filled in by its modules).
export {};
