/**
 * The dev outbox's inbound-SMS form (`/dev/sms`, local platform only): a resident's text as the SMS
 * provider would deliver it — the same SNS `Notification` envelope, with End User Messaging's
 * inbound payload in `Message` — posted to the district's webhook `/api/t/sms/inbound/<key>`. The
 * key is the district's SMS key (the district admin issues it under 热线与短信). Locally the
 * envelope is not signed (docs/channels.md); the replies land in the outbox (`/api/dev/outbox`).
 */
import { randomUUID } from 'node:crypto';

interface Fetcher {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (body: string, v: { key?: string; from?: string; text?: string } = {}) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>模拟上行短信 · Dev SMS inbound</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.75rem 0 .25rem}
input,textarea{width:100%;font:inherit;padding:.5rem;box-sizing:border-box}button{margin-top:1rem;font:inherit;padding:.5rem 1.25rem}
pre{background:#f4f4f4;padding:.75rem;white-space:pre-wrap}</style></head><body>
<h1>模拟上行短信</h1>
<p>以短信服务商（SNS）推送的格式，把居民发来的短信投递到区县的上行短信接口。回复 <code>CX 办件编号</code> 查询进度，<code>TD</code> 退订群发，其他内容转热线。回复短信见 <a href="/api/dev/outbox">开发发件箱</a>。</p>
<form method="post" action="/dev/sms">
<label for="key">区县短信接入密钥（lsms.…）</label><input id="key" name="key" required value="${esc(v.key ?? '')}" autocomplete="off">
<label for="from">发送号码</label><input id="from" name="from" required inputmode="numeric" value="${esc(v.from ?? '')}">
<label for="text">短信内容</label><textarea id="text" name="text" rows="3" required>${esc(v.text ?? '')}</textarea>
<button type="submit">发送</button></form>${body}</body></html>`;

/** GET shows the form; POST builds the SNS envelope and posts it to the tenant app's webhook. */
export const devSmsForm = async (request: Request, tenant: Fetcher): Promise<Response> => {
  const html = (s: string, status = 200) =>
    new Response(s, {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    });
  if (request.method !== 'POST') return html(page(''));
  const form = await request.formData();
  const key = String(form.get('key') ?? '').trim();
  const from = String(form.get('from') ?? '').trim();
  const text = String(form.get('text') ?? '').trim();
  const envelope = {
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: 'arn:aws-cn:sns:cn-north-1:000000000000:linli-local-sms-inbound',
    Message: JSON.stringify({
      originationNumber: from.startsWith('+') ? from : `+86${from}`,
      destinationNumber: '+8610690000',
      messageKeyword: text.split(/\s+/)[0] ?? '',
      messageBody: text,
      inboundMessageId: randomUUID(),
    }),
    Timestamp: new Date().toISOString(),
    SignatureVersion: '2',
    Signature: 'local-unsigned',
    SigningCertURL: 'https://sns.cn-north-1.amazonaws.com.cn/local-unsigned.pem',
  };
  const origin = new URL(request.url).origin;
  const res = await tenant.fetch(
    new Request(`${origin}/api/t/sms/inbound/${encodeURIComponent(key)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
      body: JSON.stringify(envelope),
    }),
  );
  const answer = await res.text();
  return html(
    page(`<h2>结果 ${res.status}</h2><pre>${esc(answer)}</pre>`, { key, from }),
    res.ok ? 200 : 400,
  );
};
