// Public API of @a3/baselines (filled in by its modules).
export {};
