import type { ChoiceWeights } from './choice.js'

/** Hand-set starting weights, before scripts/eval/fit.ts fits them. */
export const fittedChoiceWeights: ChoiceWeights = {
  match: 1,
  coverage: 1,
  article: 0.5,
  lead: 0.2,
  recency: 1,
  sentenceCoverage: 0.7,
  answerType: 0.4,
  proximity: 0.2,
  figure: 0.7,
}
