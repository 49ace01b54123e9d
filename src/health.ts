/**
 * The operators' window: GET /healthz says whether the bot can answer (for a
 * container's HEALTHCHECK or a load balancer), GET /metrics serves the
 * Prometheus metrics. Listens only when METRICS_PORT is set.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'

export interface ReindexStatus {
  status: 'ok' | 'failed'
  /** ISO time it finished. */
  at: string
  durationMs: number
  problems: number
}

export interface Health {
  /** The gateway session is established and the bot receives interactions. */
  gateway: boolean
  index: { articles: number, passages: number } | null
  lastReindex: ReindexStatus | null
}

export interface HealthServer {
  url: string
  close: () => Promise<void>
}

/** Healthy means Discord can reach the bot and it has an index to answer from. */
export function isHealthy (health: Health): boolean {
  return health.gateway && health.index !== null && health.index.articles > 0
}

export async function startHealthServer (options: { host: string, port: number, health: () => Health, registry: Registry }): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    if (path === '/healthz') {
      const health = options.health()
      const healthy = isHealthy(health)
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable', ...health }))
      return
    }
    if (path === '/metrics') {
      options.registry.metrics().then(
        text => response.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(error as Error).message}`)
      )
      return
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Dateline serves /healthz and /metrics\n')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => { server.off('error', reject); resolve() })
  })
  const { address, port } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }
}
