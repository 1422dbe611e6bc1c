/**
 * The development outbox: every SMS and email the local platform "sends" (cognito-local's
 * verification codes, invite codes from the apps) lands here instead of a phone or a mailbox.
 *
 * Persisted as JSON Lines in `<dataDir>/outbox.jsonl` so the running platform, the CLI and the
 * tests (other processes) all see the same messages. `GET /api/dev/outbox` reads it in local mode.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type OutboxChannel = 'sms' | 'email';

export interface OutboxMessage {
  readonly channel: OutboxChannel;
  /** Phone number (E.164) or email address. */
  readonly to: string;
  readonly text: string;
  /** Verification or invite code, when the message carries one. */
  readonly code?: string;
  /** ISO-8601 timestamp. */
  readonly at: string;
  /** Who produced it (`cognito:SignUp`, `invite`, …). */
  readonly source?: string;
}

export interface OutboxFilter {
  readonly to?: string;
  readonly channel?: OutboxChannel;
}

export class Outbox {
  readonly file: string;
  /** cognito-local's log: its verification codes are read from here on every `list()`. */
  readonly cognitoLog: string;
  /** cognito-local's user database (one JSON file per pool), the codes' second source. */
  readonly cognitoDb: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'outbox.jsonl');
    this.cognitoLog = join(dataDir, 'logs', 'cognito.log');
    this.cognitoDb = join(dataDir, 'cognito', '.cognito', 'db');
  }

  append(message: OutboxMessage): OutboxMessage {
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(message)}\n`, 'utf8');
    return message;
  }

  /** All messages, oldest first (optionally only those to one recipient / on one channel). */
  list(filter: OutboxFilter = {}): OutboxMessage[] {
    const messages: OutboxMessage[] = [];
    const own = existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
    for (const line of own.split('\n')) {
      if (!line.trim()) continue;
      try {
        messages.push(JSON.parse(line) as OutboxMessage);
      } catch {
        // a torn line from a crash: skip it
      }
    }
    if (existsSync(this.cognitoLog)) {
      // Parsed on demand, so every process that reads the outbox sees every code cognito-local
      // has written, with no background reader to fall behind.
      const parser = new CognitoLogParser((m) => messages.push(m));
      for (const line of readFileSync(this.cognitoLog, 'utf8').split('\n')) parser.push(line);
    }
    // cognito-local's logger writes asynchronously and was seen holding a code back for more
    // than 30 s under load; the pending code is also in its user database, written synchronously.
    for (const m of pendingCodes(this.cognitoDb)) {
      if (!messages.some((x) => x.to === m.to && x.code === m.code)) messages.push(m);
    }
    messages.sort((a, b) => a.at.localeCompare(b.at));
    return messages.filter(
      (m) =>
        (filter.to === undefined || m.to === filter.to) &&
        (filter.channel === undefined || m.channel === filter.channel),
    );
  }

  /** The newest code sent to `to`, if any. */
  latestCode(to: string): string | undefined {
    return this.list({ to })
      .filter((m) => m.code !== undefined)
      .at(-1)?.code;
  }
}

/**
 * Reads cognito-local's console log (pino-pretty + a boxen box per delivered code) line by line
 * and turns each "Confirmation Code Delivery" box into an outbox message.
 */
export class CognitoLogParser {
  private box: string[] | undefined;
  private target = 'cognito';
  private at = new Date().toISOString();

  constructor(private readonly onMessage: (message: OutboxMessage) => void) {}

  push(rawLine: string): void {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
    const line = rawLine.replace(/\u001b\[[0-9;]*m/g, '');
    if (this.box === undefined) {
      if (line.includes('╭')) {
        // header line: `[ts] INFO: <reqId> <Target> ╭────╮`
        const m = /INFO:\s+\S+\s+(\S+)\s+╭/.exec(line);
        this.target = m?.[1] ?? 'cognito';
        const ts = /^\[(\d{13})\]/.exec(line);
        this.at = ts ? new Date(Number(ts[1])).toISOString() : new Date().toISOString();
        this.box = [];
      }
      return;
    }
    if (line.includes('╰')) {
      this.flush(this.box);
      this.box = undefined;
      return;
    }
    this.box.push(line.replace(/^\s*│/, '').replace(/│\s*$/, '').trim());
  }

  private flush(lines: string[]): void {
    const fields = new Map<string, string>();
    let key: string | undefined;
    for (const line of lines) {
      const m = /^(Username|Destination|Code|Email Subject|Email Message|SMS Message):\s*(.*)$/.exec(line);
      if (m) {
        key = m[1]!;
        fields.set(key, m[2]!.trim());
      } else if (key && line) {
        fields.set(key, `${fields.get(key)} ${line}`.trim()); // boxen wrapped a long value
      }
    }
    const to = fields.get('Destination');
    if (!to) return;
    const code = fields.get('Code');
    const channel: OutboxChannel = to.includes('@') ? 'email' : 'sms';
    const text =
      (channel === 'sms' ? fields.get('SMS Message') : fields.get('Email Message')) ??
      `【邻里 Linli】验证码 ${code ?? ''} · Your verification code is ${code ?? ''}`;
    this.onMessage({
      channel,
      to,
      text,
      ...(code ? { code } : {}),
      at: this.at,
      source: `cognito:${this.target}`,
    });
  }
}

interface CognitoDbUser {
  readonly Username?: string;
  readonly ConfirmationCode?: string;
  readonly UserLastModifiedDate?: string;
  readonly Attributes?: readonly { Name: string; Value: string }[];
}

/** Confirmation codes still pending in cognito-local's pool files (`local_*.json`). */
const pendingCodes = (dir: string): OutboxMessage[] => {
  if (!existsSync(dir)) return [];
  const out: OutboxMessage[] = [];
  for (const file of readdirSync(dir)) {
    if (!file.startsWith('local_') || !file.endsWith('.json')) continue;
    let users: Record<string, CognitoDbUser> = {};
    try {
      users =
        (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { Users?: Record<string, CognitoDbUser> })
          .Users ?? {};
    } catch {
      continue; // being rewritten this instant; the next read sees it
    }
    for (const u of Object.values(users)) {
      if (!u.ConfirmationCode) continue;
      const attr = (n: string) => u.Attributes?.find((a) => a.Name === n)?.Value;
      const phone = attr('phone_number');
      const to = phone ?? attr('email') ?? u.Username ?? '';
      const code = u.ConfirmationCode;
      out.push({
        channel: phone ? 'sms' : 'email',
        to,
        text: `【邻里 Linli】验证码 ${code} · Your verification code is ${code}`,
        code,
        at: u.UserLastModifiedDate ?? new Date(0).toISOString(),
        source: 'cognito:db',
      });
    }
  }
  return out;
};
