// The HTTP endpoint of `--metrics-port`: GET /metrics (Prometheus text format) and GET /healthz, nothing
// else. It listens on 127.0.0.1 unless --metrics-host says otherwise, so a run does not expose itself by
// accident. At the end of a run, if anything scraped it during the run, it stays up until that scraper has
// read the final values once (bounded by --metrics-linger), so a Prometheus scraping every 15 s still records
// the run's totals; a run nobody scraped ends at once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, errors } from '../errors.js';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  /** The address it listens on, e.g. http://127.0.0.1:9464 (the port chosen when 0 was asked for). */
  readonly url: string;
  /** Marks the values final: the next scrape of /metrics is the one close() waits for. */
  markFinal(): void;
  /** Whether /metrics has been scraped at all. */
  readonly scraped: boolean;
  /** Waits (at most lingerMs, and only if it was ever scraped) for a scrape of the final values, then stops listening. */
  close(lingerMs: number): Promise<void>;
}

export async function startMetricsServer(registry: Registry, host: string, port: number, healthy: () => boolean): Promise<MetricsServer> {
  let final = false;
  let scraped = false;
  let onFinalScrape: () => void = () => undefined;
  const finalScrape = new Promise<void>((resolve) => (onFinalScrape = resolve));
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      const wasFinal = final;
      scraped = true;
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType }).end(text);
          if (wasFinal) onFinalScrape();
        },
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${describe(err)}\n`),
      );
    } else if (path === '/healthz') {
      const ok = healthy();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'starting\n');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: loadgen serves /metrics and /healthz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(errors.usage(`--metrics-port: cannot listen on ${host}:${port} (${err.code ?? err.message})`)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    get scraped() {
      return scraped;
    },
    markFinal: () => {
      final = true;
    },
    close: async (lingerMs) => {
      if (lingerMs > 0 && scraped) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([finalScrape, new Promise<void>((resolve) => (timer = setTimeout(resolve, lingerMs)))]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
