/**
 * What operators can watch, in Prometheus's format (prom-client): what is
 * asked and how fast it is answered, how often nothing answers, readers'
 * feedback, the index, reindexes, ingests and feed polls, the gateway and
 * the event loop.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

export interface Metrics {
  readonly registry: Registry
  /** Slash commands run, by command. */
  readonly commands: Counter<'command'>
  /** Questions by outcome: answered, no coverage found, or refused before searching. */
  readonly answers: Counter<'outcome'>
  /** Seconds from a question arriving to its answer being posted. */
  readonly answerSeconds: Histogram<'command'>
  readonly feedback: Counter<'vote'>
  readonly indexArticles: Gauge
  readonly indexPassages: Gauge
  readonly reindexSeconds: Histogram
  readonly reindexFailures: Counter
  /** Ingests (/ingest, feed items) by how they came (url, attachment, feed) and how they ended. */
  readonly ingests: Counter<'via' | 'outcome'>
  /** Seconds from an ingest asked for to its articles being searchable (or its refusal). */
  readonly ingestSeconds: Histogram<'via'>
  /** Feed polls by outcome: fetched, not-modified or failed. */
  readonly feedPolls: Counter<'outcome'>
  /** Set from the gateway's heartbeat round trip each time Prometheus scrapes. */
  gatewayPing: (read: () => number | null) => void
}

export function createMetrics (): Metrics {
  const registry = new Registry()
  // Process and runtime metrics, event-loop delay (nodejs_eventloop_lag_*) among them.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 })
  let readPing: () => number | null = () => null
  registry.registerMetric(new Gauge({
    name: 'dateline_gateway_ping_seconds',
    help: 'Round trip of the last gateway heartbeat',
    registers: [],
    collect () {
      const ping = readPing()
      if (ping !== null && ping >= 0) this.set(ping / 1000)
    },
  }))
  return {
    registry,
    commands: new Counter({ name: 'dateline_commands_total', help: 'Slash commands run, by command', labelNames: ['command'], registers: [registry] }),
    answers: new Counter({ name: 'dateline_answers_total', help: 'Questions by outcome: answered, no-coverage or refused', labelNames: ['outcome'], registers: [registry] }),
    answerSeconds: new Histogram({
      name: 'dateline_answer_seconds',
      help: 'Time from a question arriving to its answer being posted',
      labelNames: ['command'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
      registers: [registry],
    }),
    feedback: new Counter({ name: 'dateline_feedback_total', help: 'Readers\' votes on answers', labelNames: ['vote'], registers: [registry] }),
    indexArticles: new Gauge({ name: 'dateline_index_articles', help: 'Articles in the index in service', registers: [registry] }),
    indexPassages: new Gauge({ name: 'dateline_index_passages', help: 'Passages in the index in service', registers: [registry] }),
    reindexSeconds: new Histogram({
      name: 'dateline_reindex_seconds',
      help: 'Duration of reindexes, successful or not',
      buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    }),
    reindexFailures: new Counter({ name: 'dateline_reindex_failures_total', help: 'Reindexes that kept the previous index', registers: [registry] }),
    ingests: new Counter({
      name: 'dateline_ingests_total',
      help: 'Ingests by source (url, attachment, feed) and outcome (added, duplicate, refused, unreadable, failed)',
      labelNames: ['via', 'outcome'],
      registers: [registry],
    }),
    ingestSeconds: new Histogram({
      name: 'dateline_ingest_seconds',
      help: 'Time from an ingest asked for to its articles being searchable, or to its refusal',
      labelNames: ['via'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20],
      registers: [registry],
    }),
    feedPolls: new Counter({ name: 'dateline_feed_polls_total', help: 'Feed polls by outcome: fetched, not-modified or failed', labelNames: ['outcome'], registers: [registry] }),
    gatewayPing: read => { readPing = read },
  }
}
