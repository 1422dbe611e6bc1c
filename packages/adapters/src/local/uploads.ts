/**
 * The local stand-in for the S3 bucket of import uploads: files under `<dataDir>/uploads/`, and an
 * endpoint on the gateway (`POST /local-uploads`) that accepts the same HTML form an S3 presigned
 * POST takes — `fields` first (key, Content-Type, policy, signature), then `file` — so the web
 * client uploads the same way in both places. The policy names the key, the size limit and the
 * expiry and is signed with a secret of this process; the file is streamed to disk (busboy), never
 * held in memory, and refused past its limit.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportFiles, UploadTarget } from '@linli/api';
import { type UploadFolder, uploadFileKey } from '@linli/api/import-jobs';
import busboy from 'busboy';

export const LOCAL_UPLOAD_PATH = '/local-uploads';

const KEY = /^t\/[0-9A-Z]{26}\/(imports|materials)\/[0-9A-Z]{26}$/;
const TTL_MS = 15 * 60_000;
/** Uploads of jobs never started, and spent-form markers, go after a day. */
const SWEEP_AFTER_MS = 86_400_000;

interface Policy {
  readonly key: string;
  readonly contentType: string;
  readonly maxBytes: number;
  readonly expires: number;
}

/** S3-like error body (the browser only shows that the upload failed and why). */
const fail = (status: number, code: string, message: string) =>
  new Response(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    {
      status,
      headers: { 'content-type': 'application/xml' },
    },
  );

export class LocalImportFiles implements ImportFiles {
  /** Signs upload policies; kept in the folder so every process on it (and a restart) agrees. */
  private readonly secret: Buffer;
  private lastSweep = 0;

  /**
   * @param folder what this store hands out forms for (`imports`, or `materials` of requests); one
   * gateway endpoint receives both, since the forms are signed with the folder's one secret.
   */
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
    private readonly folder: UploadFolder = 'imports',
  ) {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, '.secret');
    if (!existsSync(file)) {
      try {
        writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    this.secret = readFileSync(file);
    // Files of jobs that were never started stay nowhere for ever (the S3 bucket's 1-day rule).
    void this.sweep().catch(() => undefined);
  }

  /**
   * Delete uploads (and used-form markers) older than `olderThanMs` — what the bucket's lifecycle
   * rule does in AWS. Runs at start and whenever a form is handed out. Returns how many went.
   */
  async sweep(olderThanMs = SWEEP_AFTER_MS): Promise<number> {
    const root = join(this.dir, 't');
    if (!existsSync(root)) return 0;
    const cutoff = this.now() - olderThanMs;
    let removed = 0;
    for (const tenant of readdirSync(root)) {
      const imports = join(root, tenant, 'imports');
      if (!existsSync(imports)) continue;
      for (const name of readdirSync(imports)) {
        const file = join(imports, name);
        try {
          if (statSync(file).mtimeMs <= cutoff) {
            rmSync(file, { force: true });
            removed++;
          }
        } catch {
          // gone meanwhile
        }
      }
    }
    return removed;
  }

  private path(key: string) {
    if (!KEY.test(key)) throw new Error(`bad upload key ${key}`);
    return join(this.dir, ...key.split('/'));
  }

  private sign(policy: string) {
    return createHmac('sha256', this.secret).update(policy).digest('base64url');
  }

  async target(
    tenantId: string,
    importId: string,
    opts: { contentType: string; maxBytes: number },
  ): Promise<UploadTarget> {
    if (this.now() - this.lastSweep > 3_600_000) {
      this.lastSweep = this.now();
      void this.sweep().catch(() => undefined);
    }
    const expires = this.now() + TTL_MS;
    const p: Policy = {
      key: uploadFileKey(this.folder, tenantId, importId),
      contentType: opts.contentType,
      maxBytes: opts.maxBytes,
      expires,
    };
    const policy = Buffer.from(JSON.stringify(p)).toString('base64url');
    return {
      url: LOCAL_UPLOAD_PATH,
      fields: { key: p.key, 'Content-Type': p.contentType, policy, signature: this.sign(policy) },
      expiresAt: new Date(expires).toISOString(),
    };
  }

  async exists(tenantId: string, importId: string) {
    return existsSync(this.path(uploadFileKey(this.folder, tenantId, importId)));
  }

  async open(tenantId: string, importId: string) {
    const file = this.path(uploadFileKey(this.folder, tenantId, importId));
    return existsSync(file) ? createReadStream(file, { highWaterMark: 64 * 1024 }) : undefined;
  }

  async remove(tenantId: string, importId: string) {
    rmSync(this.path(uploadFileKey(this.folder, tenantId, importId)), { force: true });
  }

  /** Verify the signed policy of the form's fields; the policy, or why not. */
  private check(fields: Record<string, string>): Policy | string {
    const { policy, signature, key } = fields;
    if (!policy || !signature || !key) return 'missing policy, signature or key';
    const want = Buffer.from(this.sign(policy));
    const got = Buffer.from(signature);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'signature does not match';
    const p = JSON.parse(Buffer.from(policy, 'base64url').toString('utf8')) as Policy;
    if (p.key !== key || !KEY.test(key)) return 'key does not match the policy';
    if ((fields['Content-Type'] ?? '') !== p.contentType) return 'Content-Type does not match the policy';
    if (this.now() > p.expires) return 'policy expired';
    return p;
  }

  /** The gateway's `POST /local-uploads`: one file, streamed to disk; 204 as S3 answers. */
  async receive(request: Request): Promise<Response> {
    const type = request.headers.get('content-type') ?? '';
    if (request.method !== 'POST' || !type.startsWith('multipart/form-data') || !request.body)
      return fail(400, 'InvalidRequest', 'POST multipart/form-data expected');
    const fields: Record<string, string> = {};
    let result: Response | undefined;
    let written: Promise<void> | undefined;
    const bb = busboy({
      headers: { 'content-type': type },
      limits: { files: 1, fields: 20, fieldSize: 8192 },
    });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream) => {
      if (name !== 'file' || result) {
        stream.resume();
        return;
      }
      const p = this.check(fields);
      if (typeof p === 'string') {
        result = fail(403, 'AccessDenied', p);
        stream.resume();
        return;
      }
      const final = this.path(p.key);
      // A form is good for one upload: after its job ran (and the file was removed) it is spent.
      if (existsSync(`${final}.used`)) {
        result = fail(403, 'AccessDenied', 'this upload form has already been used');
        stream.resume();
        return;
      }
      const part = `${final}.part-${randomBytes(4).toString('hex')}`;
      mkdirSync(dirname(final), { recursive: true });
      let size = 0;
      let over = false;
      const out = createWriteStream(part);
      out.on('error', () => {
        over = true;
        result ??= fail(500, 'InternalError', 'the file could not be stored');
      });
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (over) return; // keep reading (discarding) so the form parser finishes
        if (size > p.maxBytes) {
          over = true;
          result = fail(400, 'EntityTooLarge', `the file exceeds ${p.maxBytes} bytes`);
          out.destroy();
          return;
        }
        if (!out.write(chunk)) {
          stream.pause();
          out.once('drain', () => stream.resume());
        }
      });
      written = new Promise<void>((done) => {
        stream.on('end', () => {
          if (over) {
            rmSync(part, { force: true });
            done();
            return;
          }
          out.end(() => {
            if (size === 0) {
              rmSync(part, { force: true });
              result = fail(400, 'EntityTooSmall', 'the file is empty');
            } else {
              renameSync(part, final);
              writeFileSync(`${final}.used`, '');
            }
            done();
          });
        });
      });
    });
    try {
      await pipeline(Readable.fromWeb(request.body as never), bb);
    } catch {
      return fail(400, 'MalformedPOSTRequest', 'the form could not be read');
    }
    await written;
    if (result) return result;
    if (!written) return fail(400, 'InvalidArgument', 'no file field');
    return new Response(null, { status: 204 });
  }
}
