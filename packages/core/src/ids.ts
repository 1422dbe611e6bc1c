import { ulid } from 'ulid';

/** A new sortable unique id (ULID, 26 chars, Crockford base32). */
export const newId = (): string => ulid();
