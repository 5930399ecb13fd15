// The CLI's atomic file write is core's (one implementation for every package that writes files).
export { writeFileAtomic } from '@a3/core';
