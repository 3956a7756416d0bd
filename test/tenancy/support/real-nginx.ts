import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as http2 from 'http2';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** The nginx binary of this machine (Debian's package, installed by .ci/run), or undefined. */
export function findNginx(): { bin: string; version: string } | undefined {
  for (const bin of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
    if (!fs.existsSync(bin)) continue;
    const out = spawnSync(bin, ['-v'], { encoding: 'utf8' });
    const m = /nginx\/(\d+\.\d+\.\d+)/.exec(`${out.stderr}${out.stdout}`);
    if (m) return { bin, version: m[1] };
  }
  return undefined;
}

/** A free TCP port on loopback (bound, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** One request as the upstream received it. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  /** Raw header lines, so a header sent twice shows twice. */
  readonly rawHeaders: readonly string[];
}

/** An upstream on loopback that records every request it gets (HTTP/1.1, and h2c for gRPC). */
export class RecordingUpstream {
  public readonly received: Received[] = [];
  public httpPort = 0;
  public grpcPort = 0;
  private readonly httpServer: http.Server;
  private readonly grpcServer: http2.Http2Server;
  private readonly sessions = new Set<http2.ServerHttp2Session>();

  constructor() {
    this.httpServer = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('upstream');
      });
    });
    this.grpcServer = http2.createServer();
    this.grpcServer.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
    });
    this.grpcServer.on('stream', (stream, headers) => {
      const raw: string[] = [];
      for (const [k, v] of Object.entries(headers)) {
        for (const one of Array.isArray(v) ? v : [v]) raw.push(k, String(one));
      }
      this.received.push({ method: String(headers[':method']), url: String(headers[':path']), headers: headers as http.IncomingHttpHeaders, rawHeaders: raw });
      stream.resume();
      stream.on('end', () => {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end();
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.httpServer.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => this.grpcServer.listen(0, '127.0.0.1', r));
    this.httpPort = (this.httpServer.address() as net.AddressInfo).port;
    this.grpcPort = (this.grpcServer.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.httpServer.closeAllConnections();
    await new Promise<void>((r) => this.httpServer.close(() => r()));
    for (const session of this.sessions) session.destroy();
    await new Promise<void>((r) => this.grpcServer.close(() => r()));
  }
}

/** An htpasswd line in nginx's salted SHA-1 scheme ({SSHA}), which Node can write without tools. */
export function htpasswdLine(user: string, password: string): string {
  const salt = crypto.randomBytes(8);
  const digest = crypto.createHash('sha1').update(password).update(salt).digest();
  return `${user}:{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

/** A running nginx with a configuration, in its own temporary directory. */
export class RealNginx {
  public readonly dir: string;
  private proc?: ChildProcess;
  private stderr = '';

  constructor(private readonly bin: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgtm-nginx-'));
    // Workers drop to an unprivileged user when the tests run as root: they must read and write here.
    fs.chmodSync(this.dir, 0o777);
  }

  /** `nginx -t` on the configuration: the error text, or undefined when it is valid. */
  test(config: string): string | undefined {
    const conf = this.write(config);
    // stdout to /dev/null, as in start(): the configuration logs to /dev/stdout, which must open.
    const out = spawnSync(this.bin, ['-t', '-p', this.dir, '-c', conf, '-e', 'stderr'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    return out.status === 0 ? undefined : `${out.stderr}${out.stdout}`;
  }

  /** Starts nginx in the foreground and waits until `healthPort` answers. */
  async start(config: string, healthPort: number): Promise<void> {
    const conf = this.write(config);
    this.proc = spawn(this.bin, ['-p', this.dir, '-c', conf, '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.proc.exitCode !== null) throw new Error(`nginx exited with ${this.proc.exitCode}: ${this.stderr}`);
      try {
        const r = await request({ port: healthPort, path: '/healthz' });
        if (r.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`nginx did not answer on ${healthPort}: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (p && p.exitCode === null) {
      await new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.kill('SIGQUIT');
        setTimeout(() => p.kill('SIGKILL'), 3000).unref();
      });
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Writes a file into the nginx directory, readable by its workers. */
  writeFile(name: string, content: string): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, content, { mode: 0o644 });
    return file;
  }

  private write(config: string): string {
    fs.mkdirSync(path.join(this.dir, 'run'), { recursive: true, mode: 0o777 });
    fs.chmodSync(path.join(this.dir, 'run'), 0o777);
    return this.writeFile('nginx.conf', config);
  }
}

/** One HTTP/1.1 request on loopback. */
export async function request(opts: {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // With a Content-Length, as the push clients (Prometheus, Alloy) send it; Node would otherwise chunk.
    const length = opts.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(opts.body)) };
    const req = http.request(
      { host: '127.0.0.1', port: opts.port, path: opts.path, method: opts.method ?? 'GET', headers: { ...length, ...opts.headers }, agent: false },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** One gRPC-shaped HTTP/2 request in cleartext (h2c), as an OTLP/gRPC exporter sends it. */
export async function grpcRequest(port: number, path: string, headers: Record<string, string>): Promise<number> {
  const client = http2.connect(`http://127.0.0.1:${port}`);
  try {
    return await new Promise<number>((resolve, reject) => {
      client.on('error', reject);
      const stream = client.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
      stream.on('response', (h) => {
        resolve(Number(h[':status']));
        stream.close();
      });
      stream.on('error', reject);
      stream.end(Buffer.from([0, 0, 0, 0, 0]));
    });
  } finally {
    client.destroy();
  }
}

/** Basic auth header value. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
