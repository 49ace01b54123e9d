import { answerQuestion, type Answer } from './core/answer.js'
import type { AskRequest } from './core/options.js'
import { catalogOf, passageFingerprints, type Catalog } from './core/catalog.js'
import type { Library } from './core/library.js'
import type { Article } from './core/types.js'

/**
 * A searchable body of coverage, wherever its index lives: in this thread
 * (the CLI, tests) or in a worker thread (the bot, so that neither building
 * nor searching a large archive blocks Discord's heartbeats).
 */
export interface Engine {
  readonly catalog: Catalog
  ask: (question: string, options?: Partial<AskRequest>) => Promise<Answer>
  /** These articles as indexed, so a reindex can keep the last good version of a file that broke. */
  articles: (ids: readonly string[]) => Promise<Article[]>
  /** A fingerprint of each passage of these articles, to report what a reindex changed. */
  passageFingerprints: (ids: readonly string[]) => Promise<Map<string, string[]>>
  close: () => Promise<void>
}

export class InProcessEngine implements Engine {
  readonly catalog: Catalog

  constructor (readonly library: Library) {
    this.catalog = catalogOf(library)
  }

  async ask (question: string, options: Partial<AskRequest> = {}): Promise<Answer> {
    return answerQuestion(this.library, question, options)
  }

  async articles (ids: readonly string[]): Promise<Article[]> {
    return ids.flatMap(id => this.library.articles.get(id) ?? [])
  }

  async passageFingerprints (ids: readonly string[]): Promise<Map<string, string[]>> {
    return passageFingerprints(this.library, ids)
  }

  async close (): Promise<void> {}
}
