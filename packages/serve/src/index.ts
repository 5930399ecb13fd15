// Public API of @a3/serve (filled in by its modules).
export {};
