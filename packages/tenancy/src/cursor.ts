/**
 * Signed page cursors (issue 11). A cursor leaves the API as `<payload>.<mac>`: the payload is the
 * position (DynamoDB's LastEvaluatedKey, or a composite position), the MAC an HMAC-SHA256 with a
 * per-deployment secret over the tenant, the request it came from (method, path, query without
 * the cursor) and the query underneath. Anything else that comes back — edited, truncated, made up,
 * or taken from another route, query or tenant — is a 400 `CURSOR_INVALID`, decided before
 * DynamoDB sees it (a key with another index's attributes or no sort key used to be a 500).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Errors } from '@linli/core';

const MAX_CURSOR = 2000;

export class CursorSigner {
  private readonly key: Buffer;

  /** @param secret the deployment's cursor secret (≥ 32 bytes of entropy); random when omitted. */
  constructor(secret?: string | Buffer) {
    const s = secret === undefined ? randomBytes(32) : Buffer.from(secret);
    if (s.length < 16) throw new Error('cursor secret too short (at least 16 bytes)');
    this.key = s;
  }

  private mac(binding: string, payload: string): string {
    return createHmac('sha256', this.key).update(binding).update('\n').update(payload).digest('base64url');
  }

  /** An opaque cursor for `position`, valid only with the same `binding`. */
  seal(binding: string, position: unknown): string {
    const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
    return `${payload}.${this.mac(binding, payload)}`;
  }

  /** The position of a cursor made by `seal` with this `binding`; CURSOR_INVALID otherwise. */
  open(binding: string, cursor: unknown): unknown {
    if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR) throw Errors.cursorInvalid();
    const dot = cursor.indexOf('.');
    if (dot <= 0 || dot !== cursor.lastIndexOf('.')) throw Errors.cursorInvalid();
    const payload = cursor.slice(0, dot);
    const want = Buffer.from(this.mac(binding, payload));
    const got = Buffer.from(cursor.slice(dot + 1));
    if (want.length !== got.length || !timingSafeEqual(want, got)) throw Errors.cursorInvalid();
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch (cause) {
      throw Errors.cursorInvalid(undefined, { cause });
    }
  }
}
