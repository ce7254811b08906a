// Message sink for the browser tests: a real SMTP server and a fake SMS
// provider in one process. Everything it receives is kept in memory and can be
// read back over HTTP, so a test can fetch the PIN it was sent.
//
//   SMTP  127.0.0.1:${SINK_SMTP_PORT:-2525}  no TLS, no AUTH
//   HTTP  127.0.0.1:${SINK_HTTP_PORT:-2526}
//     POST   /sms        {"to":"+15551234567","body":"…"}
//                        Authorization: Bearer ${SINK_SMS_TOKEN:-e2e-sms-token}
//                        401 on a wrong token, 503 while SMS is down
//     GET    /messages   [{channel:"email"|"sms", to, subject, text, at, …}]
//                        optional ?to=ADDRESS filter
//     DELETE /messages   forget everything (or only ?to=ADDRESS)
//     GET    /control    current failure switches
//     POST   /control    {"smsDown":bool,"smtpDown":bool} switches for everyone;
//                        {"recipients":{"+1555…":{"smsDown":true}}} switches for
//                        single recipients (false clears), so tests running in
//                        parallel do not break each other
//     POST   /reset      everything up again, messages kept
//     GET    /healthz    "ok"
//
// Prints "sink ready" once both listeners are up. Exits on SIGTERM/SIGINT.

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const HOST = process.env.SINK_HOST ?? '127.0.0.1';
const SMTP_PORT = Number(process.env.SINK_SMTP_PORT ?? 2525);
const HTTP_PORT = Number(process.env.SINK_HTTP_PORT ?? 2526);
const SMS_TOKEN = process.env.SINK_SMS_TOKEN ?? 'e2e-sms-token';
const MAX_BODY = 1024 * 1024;
const quiet = process.env.SINK_QUIET === '1';

/** @type {Array<{id:string, channel:'email'|'sms', to:string, from:string|null, subject:string|null, text:string, html:string|null, at:string}>} */
const messages = [];

const state = {
  smsDown: false,
  smtpDown: false,
  /** @type {Map<string, {smsDown?: boolean, smtpDown?: boolean}>} */
  recipients: new Map(),
};

function log(...args) {
  if (!quiet) console.log(new Date().toISOString(), ...args);
}

/** Normalises an address for comparison: e-mail addresses are case-insensitive. */
function key(address) {
  return String(address ?? '').trim().toLowerCase();
}

function smsDownFor(to) {
  return state.smsDown || state.recipients.get(key(to))?.smsDown === true;
}

function smtpDownFor(to) {
  return state.smtpDown || state.recipients.get(key(to))?.smtpDown === true;
}

function controlSnapshot() {
  return {
    smsDown: state.smsDown,
    smtpDown: state.smtpDown,
    recipients: Object.fromEntries(state.recipients),
  };
}

function record(message) {
  const entry = { ...message, at: new Date().toISOString(), id: randomUUID() };
  messages.push(entry);
  log(`${entry.channel} to ${entry.to}: ${entry.subject ?? entry.text.slice(0, 60)}`);
  return entry;
}

// ---------------------------------------------------------------- SMTP

function smtpError(message, responseCode) {
  const err = new Error(message);
  // @ts-ignore: smtp-server reads this property for the reply code
  err.responseCode = responseCode;
  return err;
}

const smtp = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  banner: 'Keyturn test sink',
  logger: false,
  size: 10 * 1024 * 1024,
  onRcptTo(address, _conn, callback) {
    if (smtpDownFor(address.address)) {
      log(`smtp: refusing RCPT ${address.address} (down)`);
      return callback(smtpError('Mailbox temporarily unavailable (test sink is down)', 451));
    }
    callback();
  },
  onData(stream, conn, callback) {
    simpleParser(stream)
      .then((parsed) => {
        const rcpts = conn.envelope.rcptTo.map((r) => r.address);
        if (rcpts.some(smtpDownFor)) {
          log('smtp: refusing DATA (down)');
          return callback(smtpError('Service unavailable (test sink is down)', 554));
        }
        const from = conn.envelope.mailFrom ? conn.envelope.mailFrom.address : null;
        const text = parsed.text ?? (typeof parsed.html === 'string' ? stripHtml(parsed.html) : '');
        for (const to of rcpts) {
          record({
            channel: 'email',
            to,
            from,
            subject: parsed.subject ?? '',
            text,
            html: typeof parsed.html === 'string' ? parsed.html : null,
          });
        }
        callback();
      })
      .catch((err) => {
        log('smtp: could not parse message:', err);
        callback(smtpError('Could not parse message', 451));
      });
  },
});

smtp.on('error', (err) => log('smtp error:', err.message));

function stripHtml(html) {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

// ---------------------------------------------------------------- HTTP

function send(res, status, body) {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'cache-control': 'no-store',
  });
  res.end(payload);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function readJson(req) {
  const raw = await readBody(req);
  try {
    return JSON.parse(raw || '{}');
  } catch {
    throw Object.assign(new Error('invalid JSON'), { status: 400 });
  }
}

function applyControl(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw Object.assign(new Error('expected a JSON object'), { status: 400 });
  }
  if ('smsDown' in body) state.smsDown = body.smsDown === true;
  if ('smtpDown' in body) state.smtpDown = body.smtpDown === true;
  if (body.recipients && typeof body.recipients === 'object') {
    for (const [address, flags] of Object.entries(body.recipients)) {
      const k = key(address);
      const next = { ...(state.recipients.get(k) ?? {}) };
      if (flags && typeof flags === 'object') {
        if ('smsDown' in flags) next.smsDown = flags.smsDown === true;
        if ('smtpDown' in flags) next.smtpDown = flags.smtpDown === true;
      }
      if (next.smsDown || next.smtpDown) state.recipients.set(k, next);
      else state.recipients.delete(k);
    }
  }
  log('control:', JSON.stringify(controlSnapshot()));
}

async function handle(req, res) {
  const url = new URL(req.url ?? '/', `http://${HOST}:${HTTP_PORT}`);
  const route = `${req.method} ${url.pathname}`;

  switch (route) {
    case 'GET /healthz':
      return send(res, 200, 'ok');

    case 'POST /sms': {
      if (req.headers.authorization !== `Bearer ${SMS_TOKEN}`) {
        await readBody(req).catch(() => {});
        return send(res, 401, { error: 'unauthorized' });
      }
      const body = await readJson(req);
      if (typeof body.to !== 'string' || typeof body.body !== 'string' || !body.to || !body.body) {
        return send(res, 400, { error: 'expected {"to": string, "body": string}' });
      }
      if (smsDownFor(body.to)) {
        log(`sms: refusing message to ${body.to} (down)`);
        return send(res, 503, { error: 'SMS provider unavailable' });
      }
      const entry = record({
        channel: 'sms',
        to: body.to,
        from: null,
        subject: null,
        text: body.body,
        html: null,
      });
      return send(res, 200, { id: entry.id, status: 'queued' });
    }

    case 'GET /messages': {
      const to = url.searchParams.get('to');
      const list = to === null ? messages : messages.filter((m) => key(m.to) === key(to));
      return send(res, 200, list);
    }

    case 'DELETE /messages': {
      const to = url.searchParams.get('to');
      if (to === null) {
        messages.length = 0;
      } else {
        for (let i = messages.length - 1; i >= 0; i--) {
          if (key(messages[i].to) === key(to)) messages.splice(i, 1);
        }
      }
      res.writeHead(204).end();
      return;
    }

    case 'GET /control':
      return send(res, 200, controlSnapshot());

    case 'POST /control':
      applyControl(await readJson(req));
      return send(res, 200, controlSnapshot());

    case 'POST /reset':
      await readBody(req).catch(() => {});
      state.smsDown = false;
      state.smtpDown = false;
      state.recipients.clear();
      return send(res, 200, controlSnapshot());

    default:
      return send(res, 404, { error: `no route ${route}` });
  }
}

const web = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    const status = typeof err.status === 'number' ? err.status : 500;
    if (!res.headersSent) send(res, status, { error: err.message });
    else res.destroy();
  });
});
web.on('error', (err) => {
  console.error(`sink: HTTP listener failed: ${err.message}`);
  process.exit(1);
});

// ---------------------------------------------------------------- start / stop

function listen(server, port, name) {
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(new Error(`${name} listener on ${HOST}:${port} failed: ${err.message}`));
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.removeListener('error', onError);
      resolve();
    });
  });
}

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  log(`sink: ${signal}, stopping`);
  // Nothing needs flushing: stop accepting, then leave without waiting for
  // idle SMTP connections (smtp-server would wait for them up to 30 s).
  let open = 2;
  const done = () => {
    open -= 1;
    if (open === 0) process.exit(0);
  };
  setTimeout(() => process.exit(0), 300).unref();
  web.closeAllConnections?.();
  web.close(done);
  smtp.close(done);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

try {
  await listen(smtp, SMTP_PORT, 'SMTP');
  await listen(web, HTTP_PORT, 'HTTP');
} catch (err) {
  console.error(`sink: ${err.message}`);
  process.exit(1);
}
console.log(`sink ready (smtp ${HOST}:${SMTP_PORT}, http http://${HOST}:${HTTP_PORT})`);
