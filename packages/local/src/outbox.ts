/**
 * The development outbox: every SMS and email the local platform "sends" (cognito-local's
 * verification codes, invite codes from the apps) lands here instead of a phone or a mailbox.
 *
 * Persisted as JSON Lines in `<dataDir>/outbox.jsonl` so the running platform, the CLI and the
 * tests (other processes) all see the same messages. `GET /api/dev/outbox` reads it in local mode.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
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

  constructor(dataDir: string) {
    this.file = join(dataDir, 'outbox.jsonl');
  }

  append(message: OutboxMessage): OutboxMessage {
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(message)}\n`, 'utf8');
    return message;
  }

  /** All messages, oldest first (optionally only those to one recipient / on one channel). */
  list(filter: OutboxFilter = {}): OutboxMessage[] {
    if (!existsSync(this.file)) return [];
    const messages: OutboxMessage[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        messages.push(JSON.parse(line) as OutboxMessage);
      } catch {
        // a torn line from a crash: skip it
      }
    }
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

  constructor(private readonly onMessage: (message: OutboxMessage) => void) {}

  push(rawLine: string): void {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
    const line = rawLine.replace(/\u001b\[[0-9;]*m/g, '');
    if (this.box === undefined) {
      if (line.includes('╭')) {
        // header line: `[ts] INFO: <reqId> <Target> ╭────╮`
        const m = /INFO:\s+\S+\s+(\S+)\s+╭/.exec(line);
        this.target = m?.[1] ?? 'cognito';
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
      at: new Date().toISOString(),
      source: `cognito:${this.target}`,
    });
  }
}
