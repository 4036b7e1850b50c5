/**
 * Every upload gets an HTTP answer, over a real socket. supertest hands its
 * body to the server in one piece; here a client on the loopback interface
 * writes the multipart body in chunks while the server may already be
 * answering, and asks for `Connection: close` as a reverse proxy does. An
 * answer sent before the body has arrived (a stale form, an ended session, a
 * Viewer) used to make the server close the connection under the client, which
 * got EPIPE instead of the page: each case is repeated, and each attempt must
 * write its whole body and read a status.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, createUser, PASSWORD, type TestApp } from '../support/app';
import { addMember, createFacility, createOrg } from '../support/factories';
import { csv, validRow } from '../support/inventory-files';

const MB = 1024 * 1024;
const REPEAT = 3;

let t: TestApp;
let server: http.Server;
let port: number;
let org: { id: number };
let yard: { cers_id: number };

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrg(t.knex, { name: 'Socket Co' });
  yard = await createFacility(t.knex, org, { name: 'Socket Yard' });
  await addMember(t.knex, await createUser(t.knex, { username: 'sockeditor' }), org, 'editor');
  await addMember(t.knex, await createUser(t.knex, { username: 'sockviewer' }), org, 'viewer');
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

type Answer = { status: number | null; text: string; error: string | null; bodyWritten: boolean };

/** A browser-like client: its own cookies, one connection per request, closed after the answer. */
class Client {
  private jar = new Map<string, string>();

  async send(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
    const answer: Answer = { status: null, text: '', error: null, bodyWritten: false };
    const failed = (err: Error) => void (answer.error ??= (err as NodeJS.ErrnoException).code ?? err.message);
    let responseClosed: Promise<unknown> = Promise.resolve();
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: { connection: 'close', cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '), ...headers } }, (res) => {
      answer.status = res.statusCode ?? null;
      for (const c of res.headers['set-cookie'] ?? []) {
        const pair = c.split(';')[0]!;
        this.jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => void (answer.text = Buffer.concat(chunks).toString('utf8')));
      res.on('error', failed);
      res.on('aborted', () => failed(new Error('response aborted')));
      responseClosed = new Promise((resolve) => res.once('close', resolve));
    });
    // 'close' comes last, once the connection is gone, whatever happened; a response that came has its own 'close'.
    const closed = new Promise((resolve) => req.once('close', resolve));
    req.on('error', failed);
    req.on('finish', () => void (answer.bodyWritten = true));
    if (!body) req.end();
    else {
      let offset = 0;
      const write = () => {
        while (offset < body.length) {
          const chunk = body.subarray(offset, offset + 64 * 1024);
          offset += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', write);
        }
        req.end();
      };
      write();
    }
    await closed;
    await responseClosed;
    return answer;
  }

  async signIn(login: string) {
    const page = await this.send('GET', '/sign-in');
    const form = new URLSearchParams({ _csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!, login, password: PASSWORD }).toString();
    const res = await this.send('POST', '/sign-in', Buffer.from(form), { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(form.length) });
    expect(res.status).toBe(303);
  }

  /** The upload form's action, with its CSRF token, as the page gives it. */
  async uploadAction(): Promise<string> {
    const page = await this.send('GET', `/orgs/${org.id}/inventory/upload`);
    return /action="([^"]*\/inventory\/upload\?_csrf=[^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
  }

  upload(action: string, file: Buffer, name: string): Promise<Answer> {
    const boundary = `----upp${Math.random().toString(16).slice(2)}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.send('POST', action, body, { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) });
  }

  forget(name: string) {
    this.jar.delete(name);
  }
}

/** A CSV with one 10 MB cell (over the ChemicalName limit: a Required problem, not a refusal). */
const hugeCellCsv = () => Buffer.from(csv([validRow(yard.cers_id, { ChemicalName: 'x'.repeat(10 * MB) }), validRow(yard.cers_id)]));
/** About 12 MB: more than the loopback socket buffers hold, so the client is still writing when an early answer comes. */
const bigCsv = () => Buffer.concat([Buffer.from('CERSID,CommonName\r\n'), Buffer.alloc(12 * MB, 'a,b\r\n')]);

async function expectAnswered(attempts: () => Promise<Answer>, status: number, text: RegExp, times = REPEAT) {
  for (let i = 0; i < times; i++) {
    const answer = await attempts();
    expect({ error: answer.error, bodyWritten: answer.bodyWritten, status: answer.status }).toEqual({ error: null, bodyWritten: true, status });
    expect(answer.text).toMatch(text);
  }
}

test('a CSV with a 10 MB cell is answered every time: its preview, with the cell as a problem', async () => {
  const editor = new Client();
  await editor.signIn('sockeditor');
  const file = hugeCellCsv();
  await expectAnswered(async () => editor.upload(await editor.uploadAction(), file, 'huge-cell.csv'), 303, /Redirecting to \/orgs\/\d+\/inventory\/uploads\/\d+/, 2);
  const last = await t.knex('inventory_uploads').orderBy('id', 'desc').first();
  const preview = await editor.send('GET', `/orgs/${org.id}/inventory/uploads/${last.id}`);
  expect(preview.text).toContain('ChemicalName can be at most 500 characters; this one has 10,485,760');
}, 120_000);

test('a file over 25 MB is answered with the size message, after the whole file was sent', async () => {
  const editor = new Client();
  await editor.signIn('sockeditor');
  const file = Buffer.concat([bigCsv(), bigCsv(), Buffer.alloc(2 * MB, 'a')]);
  await expectAnswered(async () => editor.upload(await editor.uploadAction(), file, 'too-big.csv'), 400, /must be smaller than 25 MB/);
}, 120_000);

test('a form whose token is stale is answered "This form has expired", not a reset connection', async () => {
  const editor = new Client();
  await editor.signIn('sockeditor');
  const file = bigCsv();
  await expectAnswered(async () => editor.upload((await editor.uploadAction()).replace(/_csrf=[^&]+/, '_csrf=stale'), file, 'stale.csv'), 403, /This form has expired/);
}, 120_000);

test('an upload whose session has ended is answered, not reset', async () => {
  const editor = new Client();
  await editor.signIn('sockeditor');
  const file = bigCsv();
  await expectAnswered(async () => {
    const action = await editor.uploadAction();
    const ended = new Client();
    return ended.upload(action, file, 'ended.csv');
  }, 403, /This form has expired/);
}, 120_000);

test('a Viewer who posts the upload form is answered 403, not reset', async () => {
  const editor = new Client();
  await editor.signIn('sockeditor');
  const viewer = new Client();
  await viewer.signIn('sockviewer');
  const file = bigCsv();
  // A Viewer has no upload form; a token from any page of their own session gets them as far as the permission check.
  await expectAnswered(async () => {
    const page = await viewer.send('GET', `/orgs/${org.id}/facilities`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    return viewer.upload(`/orgs/${org.id}/inventory/upload?_csrf=${encodeURIComponent(token)}`, file, 'viewer.csv');
  }, 403, /./);
}, 120_000);
